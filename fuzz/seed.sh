#!/usr/bin/env bash
# Seeds the fuzz corpora (DIR/<target>/; fuzz/corpus by default, not committed) from
# the repository's Python files and from a few valid and malformed LSP frames.
# Usage: bash fuzz/seed.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD/..
out=${1:-corpus}
mkdir -p "$out"
cd "$out"

for target in engine fixes; do
  mkdir -p "$target"
  find "$root/tests/corpus" "$root/tests/fixtures" "$root/docs/example" -name '*.py' -print0 |
    while IFS= read -r -d '' file; do
      name=$(printf '%s' "${file#"$root"/}" | tr '/' '_')
      cp "$file" "$target/seed_$name"
    done
done

mkdir -p lsp_decoder
frame() { # name body [header]
  local body=$2
  local header=${3:-"Content-Length: ${#body}"}
  printf '%s\r\n\r\n%s' "$header" "$body" > "lsp_decoder/seed_$1"
}
frame initialize '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
frame initialized '{"jsonrpc":"2.0","method":"initialized","params":{}}'
frame did_open '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///app.py","languageId":"python","version":1,"text":"SECRET_KEY = \"FAKE-0123456789abcdef\"\n"}}}'
frame response '{"jsonrpc":"2.0","id":7,"result":null}'
frame shutdown '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
frame not_json '{not json'
frame not_a_message '{"id":7,"params":{}}'
frame array '[1,2]'
frame empty ''
frame no_length '{"jsonrpc":"2.0","method":"exit"}' 'Content-Type: application/vscode-jsonrpc; charset=utf-8'
frame bad_length '{}' 'Content-Length: twelve'
frame short_body '{"jsonrpc":"2.0","id":3,"method":"shutdown"}' 'Content-Length: 400'
frame lower_case '{"jsonrpc":"2.0","id":4,"method":"shutdown"}' "content-length:  44"
frame two_headers '{"jsonrpc":"2.0","id":5,"method":"shutdown"}' $'Content-Length: 44\r\nContent-Type: application/vscode-jsonrpc'
printf 'Content-Length: 2\n\n{}Content-Length: 5\r\n\r\n[1,2]' > lsp_decoder/seed_bare_newlines
printf '\r\n\r\nContent-Length: 2\r\n\r\n{}' > lsp_decoder/seed_leading_blank_lines
printf 'Content-Length: 2\r\n\r\n\xff\xfe' > lsp_decoder/seed_binary_body
printf 'Content-\xffLength: 2\r\n\r\n{}' > lsp_decoder/seed_binary_header
cat lsp_decoder/seed_initialize lsp_decoder/seed_not_json \
  lsp_decoder/seed_shutdown > lsp_decoder/seed_session
echo "seeded: $(ls engine | wc -l) engine, $(ls fixes | wc -l) fixes, $(ls lsp_decoder | wc -l) lsp_decoder"
