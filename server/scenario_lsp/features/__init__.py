"""One module per editor feature, each turning checks into LSP answers.

:mod:`.diagnostics`, :mod:`.lenses`, :mod:`.hints`, :mod:`.hover`,
:mod:`.navigation` (definition, references), :mod:`.symbols`,
:mod:`.completion`, :mod:`.rename`, :mod:`.actions`, :mod:`.runs`,
:mod:`.accepting` and :mod:`.trace` (``scenario/trace``). Features do not import each other: what two of them share
lives in :mod:`scenario_lsp.documents` or :mod:`scenario_lsp.protocol`.
"""
