; FG201 debug-run: calls that may start the development server with the debugger.

; `app.run(...)`, `Flask(__name__).run(...)`, `werkzeug.serving.run_simple(...)`
(call
  function: (attribute
    object: (_) @receiver
    attribute: (identifier) @method)
  arguments: (argument_list) @arguments
  (#any-of? @method "run" "run_simple")) @call

; `run_simple(...)` imported from werkzeug under any local name
(call
  function: (identifier) @function
  arguments: (argument_list) @arguments) @call
