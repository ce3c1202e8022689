#!/usr/bin/env python3
"""Draws the panels of keycloak-pin-2fa.json from saved scrapes of Keycloak's /metrics.

This is not Grafana (Grafana is not installable on the machines this project is built on): it
evaluates the dashboard's own PromQL expressions, the few shapes they use, over real scrapes
(one file per scrape, named <epoch millis>.prom, as traffic.py writes them) and draws
them as Grafana would lay them out. Standard library only.

    python3 docs/grafana/render.py target/dashboard-scrapes target/grafana-dashboard.html
    chromium --headless --no-sandbox --hide-scrollbars --window-size=1480,1000 \
        --screenshot=docs/screenshots/grafana-dashboard.png target/grafana-dashboard.html
"""
import html
import json
import math
import os
import re
import sys
from collections import defaultdict

WINDOW = 30.0  # seconds: what Grafana's $__rate_interval is for a 5 s scrape interval, rounded up
LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
SUM_RATE = re.compile(r'^sum by\s*\(([^)]*)\)\s*\(rate\((\w+)(\{[^}]*\})?\[\$__rate_interval\]\)\)$')
QUANTILE = re.compile(r'^histogram_quantile\(([0-9.]+),\s*(.*)\)$')
MATCHER = re.compile(r'(\w+)\s*(=~|!=|!~|=)\s*"([^"]*)"')
COLORS = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#705da0", "#37872d", "#fade2a"]


def load(directory):
    scrapes = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".prom"):
            continue
        t = int(name[:-5]) / 1000.0
        series = {}
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                m = LINE.match(line.strip())
                if not m:
                    continue
                labels = tuple(sorted(LABEL.findall(m.group(3) or "")))
                series[(m.group(1), labels)] = float(m.group(4))
        scrapes.append((t, series))
    return scrapes


def matches(labels, selector):
    d = dict(labels)
    for key, op, value in MATCHER.findall(selector or ""):
        value = value.replace("$realm", ".*").replace("$application", ".*")
        actual = d.get(key, "")
        if op == "=" and actual != value:
            return False
        if op == "!=" and actual == value:
            return False
        if op == "=~" and not re.fullmatch(value, actual):
            return False
        if op == "!~" and re.fullmatch(value, actual):
            return False
    return True


def sum_rate(expr, scrapes):
    """sum by(labels) (rate(metric{selector}[w])) at every scrape: {group: [(t, v)]}."""
    m = SUM_RATE.match(expr.strip())
    if not m:
        raise ValueError("unsupported expression: " + expr)
    by = [l.strip() for l in m.group(1).split(",")]
    name, selector = m.group(2), m.group(3)
    out = defaultdict(list)
    for i, (t, series) in enumerate(scrapes):
        j = i
        while j > 0 and t - scrapes[j - 1][0] <= WINDOW + 0.5:
            j -= 1
        if j == i:
            continue
        t0, before = scrapes[j]
        groups = defaultdict(float)
        for (n, labels), v in series.items():
            if n != name or not matches(labels, selector):
                continue
            # A Micrometer counter appears with its first increment: absent before means 0.
            increase = max(0.0, v - before.get((n, labels), 0.0))
            d = dict(labels)
            groups[tuple(d.get(l, "") for l in by)] += increase / (t - t0)
        for key, v in groups.items():
            out[key].append((t, v))
    return by, out


def evaluate(expr, scrapes):
    """The expression's series: {legend labels dict as tuple: [(t, v)]}."""
    expr = " ".join(expr.split())
    q = QUANTILE.match(expr)
    if q:
        quantile = float(q.group(1))
        by, groups = sum_rate(q.group(2), scrapes)
        le_at = by.index("le")
        rest = [l for l in by if l != "le"]
        per_time = defaultdict(lambda: defaultdict(list))
        for key, points in groups.items():
            other = tuple(k for i, k in enumerate(key) if i != le_at)
            for t, v in points:
                per_time[other][t].append((float(key[le_at]), v))
        out = {}
        for other, times in per_time.items():
            points = []
            for t in sorted(times):
                value = histogram_quantile(quantile, sorted(times[t]))
                if value is not None:
                    points.append((t, value))
            out[tuple(zip(rest, other))] = points
        return out
    if " / " in expr:
        left, right = expr.split(" / ", 1)
        by, a = sum_rate(left, scrapes)
        _, b = sum_rate(right, scrapes)
        out = {}
        for key, points in a.items():
            denominators = dict(b.get(key, []))
            ratio = [(t, v / denominators[t]) for t, v in points if denominators.get(t)]
            out[tuple(zip(by, key))] = ratio
        return out
    by, groups = sum_rate(expr, scrapes)
    return {tuple(zip(by, key)): points for key, points in groups.items()}


def histogram_quantile(q, buckets):
    """Prometheus' linear interpolation inside the bucket that holds the quantile."""
    if not buckets or buckets[-1][0] != math.inf:
        return None
    total = buckets[-1][1]
    if total <= 0:
        return None
    rank = q * total
    lower, below = 0.0, 0.0
    for upper, count in buckets:
        if count >= rank:
            if upper == math.inf:
                return lower
            return lower + (upper - lower) * (rank - below) / max(count - below, 1e-12)
        lower, below = upper, count
    return None


def legend(template, labels):
    d = dict(labels)
    return re.sub(r"\{\{(\w+)\}\}", lambda m: d.get(m.group(1), ""), template).strip()


def fmt(v, unit):
    if unit == "percentunit":
        return f"{v * 100:.0f}%"
    if unit == "s":
        return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.1f} s"
    if unit == "reqps":
        return f"{v:.2f} req/s" if v < 10 else f"{v:.0f} req/s"
    return f"{v:.2f}"


def panel_svg(panel, scrapes, t_start, t_end, width, height):
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    lines = []
    for target in panel["targets"]:
        for labels, points in sorted(evaluate(target["expr"], scrapes).items()):
            if points:
                lines.append((legend(target.get("legendFormat", ""), labels) or target["refId"], points))
    fixed_max = panel["fieldConfig"]["defaults"].get("max")
    y_max = fixed_max if fixed_max is not None else max([v for _, pts in lines for _, v in pts] + [1e-9]) * 1.15
    left, right, top, bottom = 70, 12, 34, 26 + 18 * ((len(lines) + 2) // 3)
    plot_w, plot_h = width - left - right, height - top - bottom
    x = lambda t: left + (t - t_start) / max(t_end - t_start, 1) * plot_w
    y = lambda v: top + plot_h - min(v, y_max) / y_max * plot_h
    parts = [f'<svg width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="3" fill="#181b1f" stroke="#2c3235"/>',
             f'<text x="10" y="21" fill="#ccccdc" font-size="14" font-weight="500">{html.escape(panel["title"])}</text>']
    for i in range(5):
        v = y_max * i / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#2c3235"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" fill="#8e8e8e" font-size="11" text-anchor="end">{fmt(v, unit)}</text>')
    for i in range(6):
        t = t_start + (t_end - t_start) * i / 5
        label = f"{(t - t_start):.0f} s"
        parts.append(f'<text x="{x(t):.1f}" y="{top + plot_h + 16}" fill="#8e8e8e" font-size="11" text-anchor="middle">{label}</text>')
    for i, (name, points) in enumerate(lines):
        color = COLORS[i % len(COLORS)]
        path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{path}"/>')
        lx = 10 + (i % 3) * (width // 3)
        ly = top + plot_h + 38 + 18 * (i // 3)
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="14" height="4" fill="{color}"/>')
        parts.append(f'<text x="{lx + 20}" y="{ly - 3}" fill="#ccccdc" font-size="12">{html.escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def main(scrape_dir, dashboard_path, out_html):
    dashboard = json.load(open(dashboard_path, encoding="utf-8"))
    scrapes = load(scrape_dir)
    if len(scrapes) < 3:
        sys.exit("need at least three scrapes in " + scrape_dir)
    t_start, t_end = scrapes[0][0], scrapes[-1][0]
    unit_w, unit_h = 30, 32
    body = []
    height = 0
    for panel in dashboard["panels"]:
        g = panel["gridPos"]
        w, h = g["w"] * unit_w * 2, g["h"] * unit_h
        body.append(f'<div style="position:absolute;left:{g["x"] * unit_w * 2 + 16}px;top:{g["y"] * unit_h + 96}px">'
                    + panel_svg(panel, scrapes, t_start, t_end, w - 8, h - 8) + "</div>")
        height = max(height, g["y"] * unit_h + 96 + h)
    note = ("A rendering, not a Grafana screenshot: docs/grafana/render.py evaluated the queries of "
            "docs/grafana/keycloak-pin-2fa.json over %d real scrapes of Keycloak's /metrics taken every 5 s "
            "while traffic.py sent and verified PINs through the real API (application 'signup' is pumped from half-time)."
            % len(scrapes))
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(dashboard['title'])}</title></head>
<body style="margin:0;background:#111217;font-family:Inter,Helvetica,Arial,sans-serif;width:1480px;height:{height + 20}px;position:relative">
<div style="position:absolute;left:16px;top:12px;color:#ccccdc;font-size:20px">{html.escape(dashboard['title'])}
<span style="font-size:13px;color:#8e8e8e;margin-left:16px">realm: All &nbsp; application: All &nbsp; rate window {WINDOW:.0f} s</span></div>
<div style="position:absolute;left:16px;top:48px;color:#f2cc0c;font-size:13px;width:1440px">{html.escape(note)}</div>
{''.join(body)}</body></html>"""
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1], os.path.join(here, "keycloak-pin-2fa.json"), sys.argv[2])
