// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * `faceatlas/no-folder-cycles`: an import from one top-level folder of the source root (`src-main/faces`)
 * into another (`src-main/ingest`) fails when the other folder already reaches back to the importing one
 * through runtime imports. Layering is about folders, so a cycle counts even when no single file is on it
 * (faces/a -> ingest/b while ingest/c -> faces/d), which file-level checks such as import-x/no-cycle miss.
 *
 * `import type` and `export type` are erased at runtime and are not counted. With verbatimModuleSyntax an
 * import whose specifiers are all `type X` still loads its module, so it counts.
 *
 * The other files are read from disk (parsed once per process, again when their mtime changes); the file
 * being linted is read from its AST, so an editor sees a cycle as it is typed.
 */

/** @typedef {{ specifier: string, line: number }} Edge */
/** @typedef {{ mtimeMs: number, edges: Edge[] }} ParsedFile */

/** @type {Map<string, ParsedFile>} */
const parsed = new Map();

/** @param {string} file @returns {Edge[]} */
function runtimeImports(file) {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** @type {Edge[]} */
  const edges = [];
  /** @param {ts.Node} specifier */
  const add = (specifier) => {
    if (!ts.isStringLiteralLike(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(specifier.getStart(source)).line + 1;
    edges.push({ specifier: specifier.text, line });
  };
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      if (!node.importClause?.isTypeOnly) add(node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && !node.isTypeOnly) add(node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument) add(argument);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Every .ts file under `root`, with its runtime imports (cached by mtime). @param {string} root */
function sourceFiles(root) {
  /** @type {Map<string, Edge[]>} */
  const files = new Map();
  for (const relative of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!relative.endsWith('.ts') || relative.endsWith('.d.ts')) continue;
    const file = path.join(root, relative);
    const { mtimeMs } = fs.statSync(file);
    let entry = parsed.get(file);
    if (!entry || entry.mtimeMs !== mtimeMs) {
      entry = { mtimeMs, edges: runtimeImports(file) };
      parsed.set(file, entry);
    }
    files.set(file, entry.edges);
  }
  return files;
}

/**
 * The top-level folder of `root` that holds `file`, or null for files outside any.
 * @param {string} root @param {string} file
 */
function folderOf(root, file) {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const parts = relative.split(path.sep);
  return parts.length > 1 ? (parts[0] ?? null) : null;
}

/**
 * The folder a relative specifier in `file` points into, or null (a package, or outside the root).
 * @param {string} root @param {string} file @param {string} specifier
 */
function targetFolder(root, file, specifier) {
  if (!specifier.startsWith('.')) return null;
  return folderOf(root, path.resolve(path.dirname(file), specifier));
}

/**
 * A shortest path of folders from `from` to `to` with the import that makes each step, or null.
 * @param {Map<string, Map<string, string>>} graph folder -> next folder -> "file:line imports specifier"
 * @param {string} from @param {string} to
 * @returns {string[] | null}
 */
function findPath(graph, from, to) {
  /** @type {Map<string, string | null>} */
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const folder = /** @type {string} */ (queue.shift());
    if (folder === to) {
      /** @type {string[]} */
      const steps = [];
      for (let at = folder, before = previous.get(at); before; at = before, before = previous.get(at)) {
        steps.unshift(/** @type {string} */ (graph.get(before)?.get(at)));
      }
      return steps;
    }
    for (const next of graph.get(folder)?.keys() ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, folder);
      queue.push(next);
    }
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between the top-level folders of the source root.' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' } },
        required: ['root'],
        additionalProperties: false,
      },
    ],
    messages: {
      cycle: '{{from}} -> {{to}} closes a cycle of folders: {{to}} already reaches {{from}} ({{path}}).',
    },
  },
  create(context) {
    const root = path.resolve(context.cwd, /** @type {{ root: string }} */ (context.options[0]).root);
    const file = context.filename;
    const folder = folderOf(root, file);
    if (!folder) return {};

    /** @type {Map<string, Map<string, string>> | undefined} */
    let graph;
    /** The other files' runtime imports between folders, built on the first import that crosses one. */
    const folderGraph = () => {
      if (graph) return graph;
      graph = new Map();
      for (const [other, edges] of sourceFiles(root)) {
        const from = folderOf(root, other);
        if (!from || other === file) continue;
        for (const { specifier, line } of edges) {
          const to = targetFolder(root, other, specifier);
          if (!to || to === from) continue;
          const next = graph.get(from) ?? new Map();
          if (!next.has(to)) next.set(to, `${path.relative(root, other)}:${line} imports ${specifier}`);
          graph.set(from, next);
        }
      }
      return graph;
    };

    /** @param {import('estree').Node & { source?: unknown }} node */
    const check = (node) => {
      const source = /** @type {import('estree').Literal | null | undefined} */ (node.source);
      if (!source || typeof source.value !== 'string') return;
      const target = targetFolder(root, file, source.value);
      if (!target || target === folder) return;
      const back = findPath(folderGraph(), target, folder);
      if (back) {
        context.report({
          node: source,
          messageId: 'cycle',
          data: { from: folder, to: target, path: back.join('; ') },
        });
      }
    };

    return {
      /** @param {any} node */
      ImportDeclaration(node) {
        if (node.importKind !== 'type') check(node);
      },
      /** @param {any} node */
      ExportNamedDeclaration(node) {
        if (node.exportKind !== 'type') check(node);
      },
      /** @param {any} node */
      ExportAllDeclaration(node) {
        if (node.exportKind !== 'type') check(node);
      },
      ImportExpression: check,
    };
  },
};
