import type { labelsEn } from './labels.en';

export const labelsZhCN: typeof labelsEn = {
  op: {
    assign: '标注人脸',
    confirm: '确认人脸',
    reject: '排除人脸',
    merge: '合并人物',
    rename: '重命名',
    hide: '隐藏人物',
    show: '显示人物',
    'delete-person': '删除人物',
    dismiss: '移除误检人脸',
    'restore-face': '恢复人脸',
    'add-face': '添加人脸',
    other: '一次更改',
  },
  undone: '已撤销：{op}',
  redone: '已重做：{op}',
  nothingToUndo: '没有可撤销的操作',
  nothingToRedo: '没有可重做的操作',
  undo: '撤销 (Ctrl+Z)',
  redo: '重做 (Ctrl+Shift+Z)',
  undoLabel: '撤销',
  redoLabel: '重做',
  failed: '操作失败：{error}',
};
