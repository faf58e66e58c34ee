-- flaskguard for Neovim 0.7 to 0.10, which have no vim.lsp.config/vim.lsp.enable.
--
-- Copy this file to ~/.config/nvim/lua/flaskguard.lua and call, in init.lua:
--
--   require("flaskguard").setup({
--     -- every field is optional; these are the defaults
--     cmd = { "flaskguard", "server" },
--     root_markers = { "pyproject.toml", "flaskguard.toml", ".git" },
--     -- settings: the keys of flaskguard.toml (docs/configuration.md), sent as
--     -- initializationOptions, e.g. init_options = { ignore = { "FG104" } }
--     -- or as settings.flaskguard, e.g. settings = { flaskguard = { ignore = { "FG104" } } }
--   })
--
-- One flaskguard server runs per project root; every Python buffer under that root
-- attaches to it.

local M = {}

local defaults = {
  cmd = { "flaskguard", "server" },
  root_markers = { "pyproject.toml", "flaskguard.toml", ".git" },
  -- No init_options or settings by default: Lua encodes an empty table as a JSON
  -- array, which is not a table of settings.
}

-- The nearest folder above `path` holding one of `markers`, else the file's folder.
local function find_root(path, markers)
  local start = vim.fn.fnamemodify(path, ":p:h")
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      return start
    end
    dir = parent
  end
end

function M.setup(opts)
  local config = vim.tbl_deep_extend("force", defaults, opts or {})
  local clients = {} -- root folder -> client id

  local function attach(bufnr)
    local path = vim.api.nvim_buf_get_name(bufnr)
    if path == "" or vim.bo[bufnr].buftype ~= "" then
      return
    end
    local root = find_root(path, config.root_markers)
    local id = clients[root]
    if not id or vim.lsp.client_is_stopped(id) then
      id = vim.lsp.start_client({
        name = "flaskguard",
        cmd = config.cmd,
        root_dir = root,
        workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
        init_options = config.init_options,
        settings = config.settings,
      })
      if not id then
        vim.notify("flaskguard: could not start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
        return
      end
      clients[root] = id
    end
    vim.lsp.buf_attach_client(bufnr, id)
  end

  local group = vim.api.nvim_create_augroup("flaskguard", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "python",
    callback = function(args)
      attach(args.buf)
    end,
  })
  -- Buffers already open when setup runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == "python" then
      attach(bufnr)
    end
  end
end

return M
