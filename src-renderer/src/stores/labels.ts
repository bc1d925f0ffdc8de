import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CommandInput, CommandName, CommandOutput } from '../../../src-main/api/contract';
import { invoke, subscribe } from '../api/client';
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

/**
 * Who made a change: a store passes its own origin to `change`, `undo` and `redo`, and its watcher asks
 * `madeBy` whether the versions it saw go by were all its own (then it has already updated itself).
 */
export type ChangeOrigin = symbol;

const toastMs = 4000;
/** How many recent versions remember their origin; a watcher never falls further behind than this. */
const originsKept = 64;

/**
 * Label changes, undo and redo, and the toasts that report them. `version` goes up after every change that
 * happened (also one made by undo or redo, not an undo with nothing to undo), so a view that shows labels
 * watches it and reloads. `derivedVersion` goes up when the backend has recomputed its suggestions after
 * label changes (the `labels.derived` event, a second after the last change): views that show suggestions
 * watch that too.
 */
export const useLabelsStore = defineStore('labels', () => {
  const version = ref(0);
  const derivedVersion = ref(0);
  const toast = ref<Toast | null>(null);
  /** The origin of each recent version, by version. */
  const origins = new Map<number, ChangeOrigin | undefined>();
  let toastTimer: ReturnType<typeof setTimeout> | undefined;

  subscribe('labels.derived', () => derivedVersion.value++);

  function show(message: string, kind: Toast['kind'] = 'info'): void {
    toast.value = { id: (toast.value?.id ?? 0) + 1, message, kind };
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toast.value = null), toastMs);
  }

  function opName(op: string | null): string {
    const key = `labels.op.${op ?? 'other'}`;
    return i18n.global.te(key) ? i18n.global.t(key) : i18n.global.t('labels.op.other');
  }

  function bump(origin: ChangeOrigin | undefined): void {
    version.value++;
    origins.set(version.value, origin);
    origins.delete(version.value - originsKept);
  }

  /** True when every version after `from` up to `to` was made by `origin` (and none was forgotten). */
  function madeBy(origin: ChangeOrigin, from: number, to: number): boolean {
    for (let at = from + 1; at <= to; at++) {
      if (origins.get(at) !== origin) return false;
    }
    return true;
  }

  /** Calls a label command; on failure shows why (nothing changed) and returns null. */
  async function call<C extends LabelCommand>(
    command: C,
    input: CommandInput<C>,
  ): Promise<CommandOutput<C> | null> {
    try {
      return await invoke(command, input);
    } catch (caught) {
      show(
        i18n.global.t('labels.failed', { error: caught instanceof Error ? caught.message : String(caught) }),
        'error',
      );
      return null;
    }
  }

  /** Runs a label command and bumps `version`; on failure shows why (nothing changed) and returns null. */
  async function change<C extends LabelCommand>(
    command: C,
    input: CommandInput<C>,
    origin?: ChangeOrigin,
  ): Promise<CommandOutput<C> | null> {
    const output = await call(command, input);
    if (output !== null) bump(origin);
    return output;
  }

  /** Undoes or redoes the last change; true when something was undone or redone (`version` went up). */
  async function step(direction: 'undo' | 'redo', origin?: ChangeOrigin): Promise<boolean> {
    const result = await call(direction === 'undo' ? 'labels.undo' : 'labels.redo', {});
    if (!result) return false;
    if (result.op === null) {
      show(i18n.global.t(direction === 'undo' ? 'labels.nothingToUndo' : 'labels.nothingToRedo'));
      return false;
    }
    bump(origin);
    show(i18n.global.t(direction === 'undo' ? 'labels.undone' : 'labels.redone', { op: opName(result.op) }));
    return true;
  }

  return {
    version,
    derivedVersion,
    toast,
    show,
    change,
    madeBy,
    undo: (origin?: ChangeOrigin) => step('undo', origin),
    redo: (origin?: ChangeOrigin) => step('redo', origin),
  };
});
