import { macAuthorizationHeader, macStringToSign, bodyHashExt } from '../auth';

// Known-answer vectors from Paysera's official PHP client unit test (docs/providers/paysera.md).
const credentials = { macId: 'wkVd93h2uS', macKey: 'IrdTc8uQodU7PRpLzzLTW6wqZAO6tAMU' };
const parameters = { ts: 1343818800, nonce: 'nQnNaSNyubfPErjRO55yaaEYo9YZfKHN' };
const host = { host: 'wallet.paysera.com', port: 443 };

describe('Paysera MAC signing', () => {
  it('when there is no body, then the header matches vector A and carries no ext', () => {
    const header = macAuthorizationHeader(credentials, { method: 'GET', requestUri: '/wallet/rest/v1/payment/10145', ...host }, parameters);
    expect(header).toBe('MAC id="wkVd93h2uS", ts="1343818800", nonce="nQnNaSNyubfPErjRO55yaaEYo9YZfKHN", mac="d1OlqI77u2P1IVYIv2ppL3hnrBhyaQ+gDqYMxCH+0e0="');
  });

  it('when there is a body, then the header matches vector B with a url-encoded body_hash ext', () => {
    const body = Buffer.from('grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri=http%3A%2F%2Flocalhost%2Fabc');
    const header = macAuthorizationHeader(credentials, { method: 'POST', requestUri: '/wallet/oauth/v1/', body, ...host }, parameters);
    expect(header).toBe(
      'MAC id="wkVd93h2uS", ts="1343818800", nonce="nQnNaSNyubfPErjRO55yaaEYo9YZfKHN", mac="YEIWoGDeREjJNh+IplpTcCLRNASTAMgFqa540igFcaY=", ext="body_hash=IftzxAtYliLQx46c2JAPidlHKqck0OXD7KmsHNnSptU%3D"',
    );
  });

  it('when ext is empty, then the string to sign still ends with a newline after each of the seven fields', () => {
    const signed = macStringToSign({ method: 'get', requestUri: '/x?a=1', host: 'Wallet.Paysera.com', port: 443 }, parameters, '');
    expect(signed).toBe('1343818800\nnQnNaSNyubfPErjRO55yaaEYo9YZfKHN\nGET\n/x?a=1\nwallet.paysera.com\n443\n\n');
  });

  it('when the body is binary, then its exact bytes are hashed', () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10]);
    expect(bodyHashExt(bytes)).toMatch(/^body_hash=[A-Za-z0-9%]+$/);
    expect(bodyHashExt(bytes)).not.toBe(bodyHashExt(Buffer.from(bytes.toString('utf8'))));
  });
});
