import { PAYSERA_DOCUMENT_TYPES, type PayseraDocumentMetadata } from '../../types';
import { allowed, entryOf, fail, fileBody, jsonBody, userOf, type RouteModule } from '../http';

const AVATAR_TYPES = ['image/jpeg', 'image/png'];
const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

function validMetadata(metadata: Partial<PayseraDocumentMetadata>): boolean {
  return (
    metadata.type !== undefined && PAYSERA_DOCUMENT_TYPES.includes(metadata.type) && (metadata.date === undefined || /^\d{4}-\d{2}-\d{2}$/.test(metadata.date))
  );
}

/** Binary bodies: avatars (scope `avatar`) and identification documents (special permission `documents`). */
export const fileRoutes: RouteModule = (api, simulation) => {
  const { avatars, documents } = simulation.state;

  api.put('/user/:id/avatar', (req, res) => {
    const user = allowed(simulation, res, 'avatar') ? userOf(req, res, simulation.users) : undefined;
    const file = user && fileBody(req, res, AVATAR_TYPES);
    if (!user || !file) return;
    avatars.set(user.id, file);
    res.status(204).end();
  });

  api.delete('/user/:id/avatar', (req, res) => {
    const user = allowed(simulation, res, 'avatar') ? userOf(req, res, simulation.users) : undefined;
    if (!user) return;
    if (avatars.delete(user.id)) res.status(204).end();
    else fail(res, 404, 'not_found', 'User has no avatar');
  });

  api.post('/user/:id/document', (req, res) => {
    const user = allowed(simulation, res, 'documents') ? userOf(req, res, simulation.users) : undefined;
    const file = user && fileBody(req, res, DOCUMENT_TYPES);
    if (!user || !file) return;
    const id = simulation.state.newId();
    documents.set(id, { ...file, userId: user.id });
    res.json({ id });
  });

  api.put('/user/document/:documentId/metadata', (req, res) => {
    const document = allowed(simulation, res, 'documents') ? entryOf(req, res, 'documentId', documents, 'Document') : undefined;
    const metadata = document && (jsonBody(req, res) as PayseraDocumentMetadata | undefined);
    if (!document || !metadata) return;
    if (!validMetadata(metadata)) {
      fail(res, 400, 'invalid_parameters', 'type must be card, passport or driver_licence; date yyyy-mm-dd');
      return;
    }
    document.metadata = metadata;
    res.json({ id: Number(req.params.documentId), ...metadata });
  });
};
