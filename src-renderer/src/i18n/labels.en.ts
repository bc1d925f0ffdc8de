/** Label operations, undo and redo, as the toasts name them (shared by every people view). */
export const labelsEn = {
  op: {
    assign: 'label faces',
    confirm: 'confirm faces',
    reject: 'reject faces',
    merge: 'merge people',
    rename: 'rename',
    hide: 'hide a person',
    show: 'show a person',
    'delete-person': 'delete a person',
    dismiss: 'remove a false face',
    'restore-face': 'restore a face',
    'add-face': 'add a face',
    other: 'a change',
  },
  undone: 'Undone: {op}',
  redone: 'Redone: {op}',
  nothingToUndo: 'Nothing to undo',
  nothingToRedo: 'Nothing to redo',
  undo: 'Undo (Ctrl+Z)',
  redo: 'Redo (Ctrl+Shift+Z)',
  failed: 'Could not do that: {error}',
};
