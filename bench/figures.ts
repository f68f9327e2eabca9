/** One figure of the report: a measurement side by side with its yardstick, and its target. */
export interface Figure {
  figure: string;
  /** The two numbers the result was made from, in words. */
  sideBySide: string;
  result: number;
  unit: string;
  target: { atMost?: number; atLeast?: number; exactly?: number };
  met: boolean;
}

export function figure(fields: Omit<Figure, 'met'>): Figure {
  const { result, target } = fields;
  const met =
    (target.atMost === undefined || result <= target.atMost) &&
    (target.atLeast === undefined || result >= target.atLeast) &&
    (target.exactly === undefined || result === target.exactly);
  return { ...fields, met };
}

export interface ScenarioResult {
  figures: Figure[];
  /** Answers that were not 2xx, timeouts and connection errors, over every run of the scenario. */
  failures: number;
  /** The raw measurements behind the figures. */
  details: Record<string, unknown>;
}
