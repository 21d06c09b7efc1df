"""The server's side of the protocol: the editor contract, position conversions, settings, progress and transport.

:mod:`.contract` (command ids, the custom requests and the shapes they
return, mirrored by the extension's ``contract.ts``), :mod:`.convert` (the
one place that converts core positions and findings to LSP types),
:mod:`.settings` (the typed settings with their defaults), :mod:`.progress`
(``window/workDoneProgress``) and :mod:`.transport` (pygls' protocol with
cancellations remembered). It knows the core's types, nothing of documents.
"""
