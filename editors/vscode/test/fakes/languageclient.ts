// A stand-in for `vscode-languageclient/node` that records what src/extension.ts asks
// of it. Bundled in its place by scripts/build.mjs --tests.

export const DidChangeConfigurationNotification = {
  type: { method: "workspace/didChangeConfiguration" },
};

export const clients: LanguageClient[] = [];
export const control = { startError: undefined as Error | undefined };

export class LanguageClient {
  running = false;
  stopped = false;
  disposed = false;
  notifications: { method: string; params: unknown }[] = [];

  constructor(
    public id: string,
    public name: string,
    public serverOptions: { command: string; args: string[] },
    public clientOptions: {
      documentSelector: unknown[];
      initializationOptions: unknown;
      middleware: {
        workspace: {
          configuration: (
            params: { items: { section?: string; scopeUri?: string }[] },
            token: unknown,
            next: (params: unknown, token: unknown) => unknown,
          ) => unknown;
        };
      };
    },
  ) {
    clients.push(this);
  }

  async start(): Promise<void> {
    if (control.startError) {
      throw control.startError;
    }
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  isRunning(): boolean {
    return this.running;
  }

  async sendNotification(type: { method: string }, params: unknown): Promise<void> {
    this.notifications.push({ method: type.method, params });
  }
}
