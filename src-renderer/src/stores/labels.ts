import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CommandInput, CommandName, CommandOutput } from '../../../src-main/api/contract';
import { invoke } from '../api/client';
import { i18n } from '../i18n';

/** The label commands: every change a people view makes goes through `change` so undo and refresh follow. */
type LabelCommand = Extract<
  CommandName,
  | `labels.${string}`
  | `people.${'rename' | 'hide' | 'delete' | 'merge'}`
  | `faces.${'dismiss' | 'draw'}`
  | 'clusters.name'
>;

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
}

const toastMs = 4000;

/**
 * Label changes, undo and redo, and the toasts that report them. `version` goes up after every change
 * (also one made by undo or redo), so a view that shows labels watches it and reloads.
 */
export const useLabelsStore = defineStore('labels', () => {
  const version = ref(0);
  const toast = ref<Toast | null>(null);
  let toastTimer: ReturnType<typeof setTimeout> | undefined;

  function show(message: string, kind: Toast['kind'] = 'info'): void {
    toast.value = { id: (toast.value?.id ?? 0) + 1, message, kind };
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toast.value = null), toastMs);
  }

  function opName(op: string | null): string {
    const key = `labels.op.${op ?? 'other'}`;
    return i18n.global.te(key) ? i18n.global.t(key) : i18n.global.t('labels.op.other');
  }

  /** Runs a label command; on failure shows why (nothing changed) and returns null. */
  async function change<C extends LabelCommand>(
    command: C,
    input: CommandInput<C>,
  ): Promise<CommandOutput<C> | null> {
    try {
      const output = await invoke(command, input);
      version.value++;
      return output;
    } catch (caught) {
      show(
        i18n.global.t('labels.failed', { error: caught instanceof Error ? caught.message : String(caught) }),
        'error',
      );
      return null;
    }
  }

  async function step(direction: 'undo' | 'redo'): Promise<void> {
    const before = version.value;
    const result = await change(direction === 'undo' ? 'labels.undo' : 'labels.redo', {});
    if (!result) return;
    if (result.op === null) {
      version.value = before;
      show(i18n.global.t(direction === 'undo' ? 'labels.nothingToUndo' : 'labels.nothingToRedo'));
      return;
    }
    show(i18n.global.t(direction === 'undo' ? 'labels.undone' : 'labels.redone', { op: opName(result.op) }));
  }

  return {
    version,
    toast,
    show,
    change,
    undo: () => step('undo'),
    redo: () => step('redo'),
  };
});
