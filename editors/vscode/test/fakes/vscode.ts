// A stand-in for the `vscode` module, just big enough for src/extension.ts, with the
// state a test sets and inspects in `fake`. Bundled in place of `vscode` by
// scripts/build.mjs --tests.

type Listener<T> = (event: T) => unknown;

export const fake = {
  settings: {} as Record<string, unknown>,
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  errors: [] as { message: string; actions: string[] }[],
  /** What the user clicks on the next error message. */
  errorChoice: undefined as string | undefined,
  output: [] as string[],
  outputShown: 0,
  configListeners: [] as Listener<{ affectsConfiguration(section: string): boolean }>[],
  workspaceFolders: undefined as { uri: { scheme: string; fsPath: string } }[] | undefined,
  reset(): void {
    this.settings = {};
    this.commands.clear();
    this.errors = [];
    this.errorChoice = undefined;
    this.output = [];
    this.outputShown = 0;
    this.configListeners = [];
    this.workspaceFolders = undefined;
  },
  /** Changes settings (keys below `flaskguard.`) and fires onDidChangeConfiguration. */
  async change(values: Record<string, unknown>): Promise<void> {
    Object.assign(this.settings, values);
    const changed = Object.keys(values).map((key) => `flaskguard.${key}`);
    const event = {
      affectsConfiguration: (section: string) =>
        changed.some((key) => key === section || key.startsWith(`${section}.`)),
    };
    for (const listener of this.configListeners) {
      await listener(event);
    }
  },
};

const disposable = { dispose(): void {} };

export const window = {
  createOutputChannel: (_name: string) => ({
    appendLine: (line: string) => fake.output.push(line),
    show: () => {
      fake.outputShown += 1;
    },
    dispose(): void {},
  }),
  showErrorMessage: async (message: string, ...actions: string[]) => {
    fake.errors.push({ message, actions });
    return fake.errorChoice;
  },
};

export const commands = {
  registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
    fake.commands.set(id, handler);
    return disposable;
  },
};

export const workspace = {
  get workspaceFolders() {
    return fake.workspaceFolders;
  },
  getConfiguration: (section: string) => ({
    get: (key: string) => (section === "flaskguard" ? fake.settings[key] : undefined),
  }),
  onDidChangeConfiguration: (listener: Listener<{ affectsConfiguration(section: string): boolean }>) => {
    fake.configListeners.push(listener);
    return disposable;
  },
};

export const Uri = {
  parse: (value: string) => ({ toString: () => value }),
};
