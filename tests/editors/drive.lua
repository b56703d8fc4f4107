-- Drives Neovim's own LSP client for tests/test_editors.py (nvim --headless -u drive.lua).
-- RL_CONFIG: the README's Neovim configuration, loaded as a user's init.lua would be.
-- RL_REPORT: the report to open; RL_CODE: the finding to hover and suppress;
-- RL_ACTION: the title the code-action menu picks; RL_OUT: where the JSON goes.
vim.cmd("filetype on") -- what a default init does; `-u` skips it
dofile(os.getenv("RL_CONFIG"))

local out = {}
local published = 0
local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  publish(err, result, ctx, config)
  published = published + 1
end

local function diagnostics(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local description = d.user_data and d.user_data.lsp and d.user_data.lsp.codeDescription
    table.insert(found, {
      code = d.code, severity = d.severity, message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      href = description and description.href or vim.NIL,
    })
  end
  return found
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("RL_REPORT")))
  local buf = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo.filetype
  assert(vim.wait(60000, function() return published > 0 end, 20), "no diagnostics were published")
  out.clients = {}
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(out.clients, client.name) end
  out.diagnostics = diagnostics(buf)

  local target
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == os.getenv("RL_CODE") then target = d end
  end
  assert(target, "no " .. os.getenv("RL_CODE") .. " diagnostic")

  -- hover: K on the flagged span opens a floating window with the server's text
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  vim.lsp.buf.hover()
  local float
  assert(vim.wait(30000, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then float = win return true end
    end
    return false
  end, 20), "no hover window")
  out.hover = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false), "\n")
  vim.api.nvim_win_close(float, true)

  -- code action: the menu (vim.ui.select) answered with the wanted title, applied by Neovim
  local before = published
  vim.ui.select = function(items, opts, on_choice)
    out.actions = vim.tbl_map(opts.format_item, items)
    for _, item in ipairs(items) do
      if vim.startswith(opts.format_item(item), os.getenv("RL_ACTION")) then return on_choice(item) end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action()
  assert(vim.wait(30000, function() return out.actions ~= nil end, 20), "no code-action menu")
  vim.wait(30000, function()
    if published == before then return false end
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == os.getenv("RL_CODE") and d.lnum == target.lnum then return false end
    end
    return true
  end, 20)
  out.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
  out.modified = vim.bo.modified
  out.after = diagnostics(buf)
end

vim.api.nvim_create_autocmd("VimEnter", { nested = true, callback = function()
  local ok, problem = pcall(run)
  if not ok then out.error = tostring(problem) end
  local file = io.open(os.getenv("RL_OUT"), "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd(ok and "qall!" or "cquit!")
end })
