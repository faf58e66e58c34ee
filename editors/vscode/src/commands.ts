// The commands the extension contributes (package.json `contributes.commands`).
export const COMMANDS = {
  restart: "flaskguard.restart",
  showLogs: "flaskguard.showLogs",
} as const;

export const SHOW_LOGS = "Show logs";
