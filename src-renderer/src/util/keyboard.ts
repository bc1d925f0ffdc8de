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

/** True when a key press comes from a button, link or select: Enter there is that control's own. */
export function isOnControl(event: KeyboardEvent): boolean {
  return event.target instanceof Element && event.target.closest('button, a, select') !== null;
}

/**
 * Ctrl/Cmd+A: outside a text field it calls `selectAll` instead of selecting the page's text. True when
 * the press was Ctrl/Cmd+A (handled here, or left to the text field), so the caller looks no further.
 */
export function handleSelectAll(event: KeyboardEvent, selectAll: () => void): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'a') return false;
  if (isTyping(event)) return true;
  event.preventDefault();
  selectAll();
  return true;
}

/** The key a shortcut table is looked up by: letters in lower case (Caps Lock on), other keys by name. */
export function shortcutKey(event: KeyboardEvent): string {
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

/** True while a modal dialog is open: the page's own shortcuts (undo included) wait until it closes. */
export function isModalOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}
