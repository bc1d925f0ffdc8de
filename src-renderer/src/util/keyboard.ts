/** Input types that take no typing, so shortcuts still work while one of them has focus. */
const untypedInputs = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** True when a key press belongs to a text field, so single-key shortcuts must leave it alone. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target;
  return (
    (target instanceof HTMLInputElement && !untypedInputs.has(target.type)) ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/** True for a plain key press (no Ctrl, Meta or Alt), the only kind single-key shortcuts answer to. */
export function isPlainKey(event: KeyboardEvent): boolean {
  return !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event);
}
