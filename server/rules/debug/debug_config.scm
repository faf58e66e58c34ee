; FG202 debug-config: debug mode switched on in configuration.

; `app.debug = True`, `app.config["DEBUG"] = True`, `DEBUG = True`,
; `app.config["ENV"] = "development"` (chains are unwrapped in Rust)
(assignment
  left: (_) @target
  right: (_) @value) @assignment

; `app.config.update(DEBUG=True)`, `config.update(...)`, `config.from_mapping(...)`
(call
  function: (attribute
    object: (_) @config
    attribute: (identifier) @method)
  arguments: (argument_list) @arguments
  (#any-of? @method "update" "from_mapping")) @call
