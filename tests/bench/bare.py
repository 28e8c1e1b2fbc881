"""The bare Flask page the portal's pages are compared with (quality.md F1).

About 5 KB rendered from a base layout: thirty items, each with a `url_for` link. Served by
the same gunicorn settings as the portal:

    gunicorn -c python:portal.ops.gunicorn_config 'tests.bench.bare:create_app()'
"""

from flask import Flask, render_template
from jinja2 import DictLoader

BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} - Bare</title>
</head>
<body>
<header><nav><a href="{{ url_for('index') }}">Home</a></nav></header>
<main id="main">{% block content %}{% endblock %}</main>
<footer><p>A bare Flask page, for comparison.</p></footer>
</body>
</html>
"""

PAGE = """{% extends "base.html" %}
{% block title %}Items{% endblock %}
{% block content %}
<h1>Thirty items</h1>
<ul class="items">
{% for item in items %}
  <li class="item">
    <a href="{{ url_for('item', item_id=item.id) }}">{{ item.title }}</a>
    <p>{{ item.text }}</p>
  </li>
{% endfor %}
</ul>
{% endblock %}
"""

ITEMS = [
    {
        "id": number,
        "title": f"Item number {number}",
        "text": "A short line of text about this item, so the page weighs what a page does.",
    }
    for number in range(1, 31)
]


def create_app() -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"base.html": BASE, "page.html": PAGE})

    @app.route("/")
    def index():
        return render_template("page.html", items=ITEMS)

    @app.route("/items/<int:item_id>")
    def item(item_id: int):
        return render_template("page.html", items=ITEMS[item_id - 1 : item_id])

    return app
