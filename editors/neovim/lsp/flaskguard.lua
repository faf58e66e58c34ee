-- flaskguard for Neovim 0.11 and newer.
--
-- Put this file on 'runtimepath' as lsp/flaskguard.lua (for example
-- ~/.config/nvim/lsp/flaskguard.lua) and enable it in init.lua:
--
--   vim.lsp.enable("flaskguard")
--
-- Settings use the keys of flaskguard.toml (docs/configuration.md), e.g.
--
--   vim.lsp.config("flaskguard", {
--     settings = { flaskguard = { ignore = { "FG104" }, severity = { FG201 = "error" } } },
--   })
--
-- The flaskguard binary must be on $PATH; otherwise set `cmd` to its full path the
-- same way: vim.lsp.config("flaskguard", { cmd = { "/path/to/flaskguard", "server" } }).

---@type vim.lsp.Config
return {
  cmd = { "flaskguard", "server" },
  filetypes = { "python" },
  root_markers = { "pyproject.toml", "flaskguard.toml", ".git" },
  -- Settings, if any, go in `settings = { flaskguard = { ... } }` (sent with
  -- workspace/didChangeConfiguration and returned for the server's
  -- workspace/configuration request) or `init_options = { ... }` (sent as
  -- initializationOptions); see the top of this file.
}
