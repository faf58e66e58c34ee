-- Neovim init for docs/editors-neovim-capture.txt (see tests/editors/neovim/capture.sh):
-- editors/neovim/lsp/flaskguard.lua through vim.lsp.enable, diagnostics shown as
-- virtual text with their codes, and the location list opened once they arrive.
local repo = vim.env.FG_REPO
vim.opt.runtimepath:prepend(repo .. "/editors/neovim")
vim.lsp.enable("flaskguard")

vim.o.number = true
vim.o.signcolumn = "yes"
vim.o.termguicolors = false
vim.diagnostic.config({
  virtual_text = {
    format = function(d)
      return d.code .. " " .. d.message
    end,
  },
  signs = true,
})

local shown = false
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function(args)
    if shown or #vim.diagnostic.get(args.buf) == 0 then
      return
    end
    shown = true
    vim.schedule(function()
      vim.diagnostic.setloclist({ open = true, title = "flaskguard" })
      vim.cmd("wincmd p")
      vim.api.nvim_win_set_cursor(0, { 16, 27 })
    end)
  end,
})
