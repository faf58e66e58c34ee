-- End-to-end test of flaskguard in a real, headless Neovim (run by tests/suites/neovim.sh).
--
--   FG_REPO=<repo> FG_WORK=<scratch dir> FG_SETUP=enable|legacy \
--     nvim --headless --clean -n -i NONE -c "luafile tests/editors/neovim/e2e.lua"
--
-- `flaskguard` must be on $PATH. FG_SETUP=enable loads editors/neovim/lsp/flaskguard.lua
-- through vim.lsp.enable (Neovim 0.11+); FG_SETUP=legacy uses editors/neovim/legacy.lua
-- (vim.lsp.start_client + buf_attach_client, Neovim 0.7+).
--
-- Opens a Flask file, waits for flaskguard's diagnostic (with the severity the editor
-- settings give it), asks for the code actions at it, applies the os.environ fix,
-- checks the buffer text, saves, checks the file and that the diagnostics are gone.
-- Exits 0 on success; on any failure or timeout prints the reason and exits 1.

local PATIENCE_MS = 15000

local function say(message)
  io.stderr:write("[" .. (vim.env.FG_SETUP or "?") .. "] " .. message .. "\n")
end

local function fail(message)
  say("FAIL: " .. message)
  os.exit(1)
end

-- Waits until `condition()` is true, or fails with `what` and `detail()`.
local function wait_for(what, condition, detail)
  say("waiting for " .. what)
  if not vim.wait(PATIENCE_MS, condition, 50) then
    fail("timed out after " .. PATIENCE_MS .. " ms waiting for " .. what .. (detail and (": " .. detail()) or ""))
  end
end

local function expect_equal(what, actual, expected)
  if actual ~= expected then
    fail(what .. " differs.\n--- expected\n" .. expected .. "\n--- actual\n" .. actual)
  end
end

local repo = vim.env.FG_REPO or fail("FG_REPO is not set")
local work = vim.env.FG_WORK or fail("FG_WORK is not set")
local setup = vim.env.FG_SETUP or fail("FG_SETUP is not set")
say(("Neovim %d.%d.%d"):format(vim.version().major, vim.version().minor, vim.version().patch))

if vim.fn.executable("flaskguard") ~= 1 then
  fail("flaskguard is not on PATH")
end

-- A project: a root marker and one Flask module with one hardcoded secret.
local ORIGINAL = [[
"""The shop's Flask app."""

from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "FAKE-flask-session-key-0000"
]]
local FIXED = [[
"""The shop's Flask app."""

from flask import Flask
import os

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
]]
local project = work .. "/project-" .. setup
vim.fn.delete(project, "rf")
vim.fn.mkdir(project, "p")
vim.fn.writefile({ "[project]", 'name = "shop"' }, project .. "/pyproject.toml")
vim.fn.writefile(vim.split(ORIGINAL, "\n", { plain = true, trimempty = true }), project .. "/app.py")

-- The editor settings lower FG101 from error to warning, so the test also shows that
-- the settings reach the server.
local flaskguard_settings = { severity = { FG101 = "warning" } }

if setup == "enable" then
  if not vim.lsp.enable then
    fail("this Neovim has no vim.lsp.enable (0.11+ needed)")
  end
  vim.opt.runtimepath:prepend(repo .. "/editors/neovim")
  vim.lsp.config("flaskguard", { settings = { flaskguard = flaskguard_settings } })
  vim.lsp.enable("flaskguard")
elseif setup == "legacy" then
  local legacy = dofile(repo .. "/editors/neovim/legacy.lua")
  legacy.setup({ init_options = flaskguard_settings })
else
  fail("FG_SETUP must be enable or legacy, not " .. setup)
end

vim.cmd("edit " .. vim.fn.fnameescape(project .. "/app.py"))
local buf = vim.api.nvim_get_current_buf()
if vim.bo[buf].filetype ~= "python" then
  fail("app.py got filetype '" .. vim.bo[buf].filetype .. "', not python")
end

local function flaskguard_client()
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf, name = "flaskguard" })
    or vim.tbl_filter(function(c)
      return c.name == "flaskguard"
    end, vim.lsp.buf_get_clients(buf))
  return clients[1]
end

local function lsp_of(diagnostic)
  return diagnostic.user_data and diagnostic.user_data.lsp or {}
end

local function describe(diagnostics)
  local parts = {}
  for _, d in ipairs(diagnostics) do
    table.insert(parts, ("%s %s line %d col %d severity %s: %s"):format(
      tostring(d.source), tostring(lsp_of(d).code or d.code), d.lnum, d.col, tostring(d.severity), d.message))
  end
  return #parts == 0 and "no diagnostics" or table.concat(parts, "; ")
end

local function flaskguard_diagnostics()
  return vim.tbl_filter(function(d)
    return d.source == "flaskguard"
  end, vim.diagnostic.get(buf))
end

wait_for("flaskguard to attach", function()
  local client = flaskguard_client()
  return client ~= nil and client.initialized ~= false
end, function()
  return "no initialized flaskguard client on the buffer (did the server start and answer initialize?); see " .. vim.lsp.get_log_path()
end)
local client = flaskguard_client()
expect_equal("the client's root folder", client.config.root_dir, project)

-- The finding: FG101 on the literal, a warning because of the settings.
local finding
wait_for("FG101 on the SECRET_KEY literal as a warning", function()
  for _, d in ipairs(flaskguard_diagnostics()) do
    if lsp_of(d).code == "FG101" and d.lnum == 5 and d.col == 27 and d.severity == vim.diagnostic.severity.WARN then
      finding = d
      return true
    end
  end
  return false
end, function()
  return describe(vim.diagnostic.get(buf))
end)
if #flaskguard_diagnostics() ~= 1 then
  fail("expected exactly one finding, got " .. describe(flaskguard_diagnostics()))
end

-- The code actions at the finding, asked as Neovim's own code-action command asks:
-- with the finding's range and the LSP diagnostic in the context.
local diagnostic = lsp_of(finding)
if not diagnostic.range then
  -- Neovim before 0.10 keeps no LSP range in user_data; it rebuilds the LSP
  -- diagnostics of a line with this function (the one vim.lsp.buf.code_action uses).
  for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, finding.lnum, {}, client.id)) do
    if d.code == "FG101" then
      diagnostic = d
    end
  end
end
if not diagnostic.range then
  fail("no LSP range for the finding: " .. vim.inspect(finding))
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = diagnostic.range,
  context = { diagnostics = { diagnostic }, only = { "quickfix" } },
}
local responses = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, PATIENCE_MS)
if not responses then
  fail("textDocument/codeAction timed out after " .. PATIENCE_MS .. " ms")
end
local response = responses[client.id]
if not response or response.err then
  fail("textDocument/codeAction failed: " .. vim.inspect(response))
end
local titles = {}
local fix
for _, action in ipairs(response.result or {}) do
  table.insert(titles, action.title)
  if action.title == 'Replace with os.environ["SECRET_KEY"]' then
    fix = action
  end
end
say("code actions: " .. table.concat(titles, " | "))
if not fix then
  fail('no "Replace with os.environ["SECRET_KEY"]" action among: ' .. table.concat(titles, " | "))
end
expect_equal("the fix's kind", fix.kind, "quickfix")
if fix.isPreferred ~= true then
  fail("the os.environ fix is not the preferred one")
end
expect_equal("the first action", titles[1], fix.title)

-- Apply it as Neovim applies a chosen code action, then check the buffer.
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
local function buffer_text()
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
end
expect_equal("the buffer after the fix", buffer_text(), FIXED)

-- Save, then the file holds the fix and flaskguard withdraws its diagnostic.
vim.cmd("silent write")
expect_equal("the saved file", table.concat(vim.fn.readfile(project .. "/app.py"), "\n") .. "\n", FIXED)
wait_for("flaskguard's diagnostics to clear", function()
  return #flaskguard_diagnostics() == 0
end, function()
  return describe(flaskguard_diagnostics())
end)
-- Still clear a moment later (no late republish of the old finding).
vim.wait(500)
if #flaskguard_diagnostics() ~= 0 then
  fail("diagnostics came back after the fix: " .. describe(flaskguard_diagnostics()))
end

say("PASS")
os.exit(0)
