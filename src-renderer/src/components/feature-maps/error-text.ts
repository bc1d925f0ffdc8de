/** An API error's message for the UI (the backend's messages are written for people). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
