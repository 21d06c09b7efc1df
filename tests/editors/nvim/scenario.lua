-- Scenario Harness language server for Neovim 0.11+.
-- Needs `scenario-lsp` on PATH (pip install . in a scenario-harness checkout, or its wheel).
--
-- Scenario files and mission libraries keep the `yaml` filetype, so
-- highlighting and other YAML tools work as before; root_dir starts the
-- server only for buffers named *.scenario.yaml, *.scenario.yml,
-- *.missions.yaml or *.missions.yml and leaves every other YAML buffer alone.
-- The root is the project (the nearest pyproject.toml), else the repository.
vim.lsp.config('scenario', {
  cmd = { 'scenario-lsp' },
  filetypes = { 'yaml' },
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if name:match('%.scenario%.ya?ml$') or name:match('%.missions%.ya?ml$') then
      on_dir(vim.fs.root(bufnr, { 'pyproject.toml', '.git' }) or vim.fs.dirname(name))
    end
  end,
  -- pythonMissions: run the project's Python missions; python: their interpreter ('' = the server's).
  init_options = { debounceMs = 150, runOnChange = true, hashLength = 12, pythonMissions = true, python = '' },
})
vim.lsp.enable('scenario')

-- Code lenses (the suite's verdict and hash, "▶ Run scenario", each
-- expectation's pass/fail) appear only when asked for: ask when the server
-- attaches and whenever its diagnostics change, since both come from the same
-- check. Run the lens under the cursor with :lua vim.lsp.codelens.run()
vim.api.nvim_create_autocmd('LspAttach', {
  group = vim.api.nvim_create_augroup('scenario-lsp', { clear = true }),
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if not client or client.name ~= 'scenario' then
      return
    end
    local function refresh()
      vim.lsp.codelens.refresh({ bufnr = args.buf })
    end
    -- Inlay hints: the actual value after a failed `expected:` and after each `path:`.
    vim.lsp.inlay_hint.enable(true, { bufnr = args.buf })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'DiagnosticChanged' }, {
      group = vim.api.nvim_create_augroup('scenario-lsp-' .. args.buf, { clear = true }),
      buffer = args.buf,
      callback = refresh,
    })
    refresh()
  end,
})

-- A hash lens copies the full hash to the unnamed and clipboard registers.
vim.lsp.commands['scenario.copyHash'] = function(command)
  local arg = command.arguments[1]
  vim.fn.setreg('"', arg.hash)
  if vim.fn.has('clipboard') == 1 then
    vim.fn.setreg('+', arg.hash)
  end
  vim.notify(('%s %s copied'):format(arg.label, arg.hash))
end
