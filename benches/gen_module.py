#!/usr/bin/env python3
"""Generate a realistic Flask module of about N lines with a chosen number of findings.

Usage: gen_module.py LINES FINDINGS [OUT] [--seed S]

The module is built from repeated blocks (config classes, blueprints of views, an
auth decorator, helpers, a data table) that look like ordinary Flask code. Exactly
FINDINGS - 1 blocks get a hard-coded secret that both flaskguard (FG101) and ruff
(S105/S106/S107) report, and `app.run(debug=True)` (FG201, S201) ends the file, so both
tools report FINDINGS findings, on the same lines. Everything else is written the way
flaskguard asks for: secrets are read with `os.environ["NAME"]` (fails at import when
missing, so no FG501), and the bearer token is compared with `hmac.compare_digest` (no
FG601). `benches/run.sh` counts both tools' findings on every module and stops when
either is off, so new rules cannot silently change what the benchmark measures.

One line in the middle of the file, inside a function, carries the comment
`# bench-edit-here`: the latency driver types into that comment.
Secrets are obviously fake (they contain FAKE).
"""

import argparse
import random
import sys

HEADER = '''"""Generated benchmark module: a Flask application of {lines} lines."""

import hmac
import json
import logging
import os
from datetime import datetime, timedelta
from functools import wraps

from flask import Blueprint, Flask, abort, jsonify, request

log = logging.getLogger(__name__)

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
'''

# Each finding kind: (text, how many findings it adds). Every text is a top-level block.
FINDING_KINDS = [
    '''
class ProductionConfig{n}:
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite://")
    SECRET_KEY = "FAKE-secret-key-{n}-do-not-use-9f8e7d6c"
''',
    '''
def connect_upstream_{n}(host, port=5432, password="FAKE-db-password-{n}-x7"):
    log.info("connecting to %s:%s", host, port)
    return {{"host": host, "port": port, "auth": bool(password)}}
''',
    '''
def payment_client_{n}():
    return dict(endpoint="https://payments.example.test", api_token="FAKE-token-{n}-abcdef0123456789")
''',
]

PLAIN_BLOCKS = [
    '''
class Config{n}:
    DEBUG = False
    TESTING = False
    SECRET_KEY = os.environ["SECRET_KEY"]
    SESSION_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours={h})
    MAX_CONTENT_LENGTH = {size} * 1024 * 1024
''',
    '''
bp{n} = Blueprint("items{n}", __name__, url_prefix="/api/v1/items{n}")


@bp{n}.route("/", methods=["GET"])
def list_items_{n}():
    page = int(request.args.get("page", 1))
    per_page = min(int(request.args.get("per_page", 20)), 100)
    items = [{{"id": i, "name": f"item-{{i}}"}} for i in range(page * per_page)]
    return jsonify(items=items[-per_page:], page=page)


@bp{n}.route("/<int:item_id>", methods=["GET", "PUT"])
def item_{n}(item_id):
    if item_id < 0:
        abort(404)
    if request.method == "PUT":
        payload = request.get_json(force=True)
        log.info("updating item %s with %s", item_id, json.dumps(payload))
        return jsonify(id=item_id, **payload)
    return jsonify(id=item_id, updated=datetime.utcnow().isoformat())
''',
    '''
def require_token_{n}(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            abort(401)
        token = header.split(" ", 1)[1]
        if not hmac.compare_digest(token.encode(), os.environ["API_TOKEN"].encode()):
            abort(403)
        return view(*args, **kwargs)

    return wrapper
''',
    '''
def summarise_{n}(rows):
    """Group rows by status and count them."""
    counts = {{}}
    for row in rows:
        status = row.get("status", "unknown")
        counts[status] = counts.get(status, 0) + 1
    total = sum(counts.values())
    return {{key: round(value / total, 3) for key, value in counts.items()}} if total else {{}}
''',
    '''
STATUS_LABELS_{n} = {{
    "new": "New",
    "open": "Open",
    "pending": "Pending review",
    "closed": "Closed",
    "archived": "Archived",
}}
''',
]

EDIT_BLOCK = '''
def bench_edit_target(values):
    total = 0
    for value in values:
        # bench-edit-here
        total += value
    return total
'''

FOOTER_DEBUG = '''

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000, debug=True)
'''

FOOTER_PLAIN = '''

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
'''


def generate(lines, findings, seed=1):
    rng = random.Random(seed)
    plain = []
    n = 0
    # Build plain blocks until the line budget (less findings and footer) is used.
    finding_texts = []
    remaining = max(findings - 1, 0) if findings > 0 else 0
    for i in range(remaining):
        finding_texts.append(FINDING_KINDS[i % len(FINDING_KINDS)].format(n=i))
    footer = FOOTER_DEBUG if findings > 0 else FOOTER_PLAIN
    budget = lines - HEADER.count("\n") - footer.count("\n") - EDIT_BLOCK.count("\n")
    budget -= sum(t.count("\n") for t in finding_texts)
    while budget > 0:
        text = PLAIN_BLOCKS[n % len(PLAIN_BLOCKS)].format(
            n=n, h=rng.randint(1, 48), size=rng.randint(1, 64)
        )
        plain.append(text)
        budget -= text.count("\n")
        n += 1
    # Spread the finding blocks evenly among the plain ones.
    blocks = list(plain)
    if finding_texts:
        step = len(blocks) / (len(finding_texts) + 1)
        for k, text in reversed(list(enumerate(finding_texts))):
            blocks.insert(int(step * (k + 1)), text)
    blocks.insert(len(blocks) // 2, EDIT_BLOCK)
    return HEADER.format(lines=lines) + "".join(blocks) + footer


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lines", type=int)
    parser.add_argument("findings", type=int)
    parser.add_argument("out", nargs="?")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    text = generate(args.lines, args.findings, args.seed)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
