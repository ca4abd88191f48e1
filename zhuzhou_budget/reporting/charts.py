"""Charts with Chinese labels: a real CJK font found without side effects, and small plot helpers.

The font comes first from the `zhplot` package (it ships the OFL-licensed Noto Sans SC as a
TrueType file). Importing zhplot would change matplotlib's settings, so its file is located with
`importlib.util.find_spec` instead. System CJK fonts (WenQuanYi Micro Hei, Noto CJK) are the
fallback. Nothing is registered or changed until `use_cjk_font()` is called.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from .formatting import money

# System fonts tried after zhplot, most common Debian/Ubuntu/Fedora locations first.
SYSTEM_CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
LATIN_FALLBACK = "DejaVu Sans"  # matplotlib's bundled font: covers anything the CJK font lacks


def packaged_font() -> Path | None:
    """The Noto Sans SC file shipped by the zhplot package, located without importing it."""
    spec = importlib.util.find_spec("zhplot")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        fonts = sorted(Path(folder, "fonts").glob("*.[ot]t[fc]"))
        if fonts:
            return fonts[0]
    return None


def find_cjk_font() -> Path | None:
    """Path of a CJK font file: zhplot's Noto Sans SC, else a system CJK font, else None."""
    found = packaged_font()
    if found is not None:
        return found
    return next((Path(p) for p in SYSTEM_CJK_FONTS if Path(p).is_file()), None)


def use_cjk_font(path: Path | None = None) -> str:
    """Register a CJK font with matplotlib and make it the default; return its family name.

    `axes.unicode_minus` is switched off so negative numbers use the ASCII hyphen, which every
    font has (the Unicode minus sign is what most often triggers "Glyph missing" warnings).
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = path or find_cjk_font()
    if path is None:
        raise FileNotFoundError(
            "no CJK font found: install the zhplot package (pip) or fonts-wqy-microhei (apt)")
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    # A family list: matplotlib falls back glyph by glyph to the next font.
    mpl.rcParams["font.family"] = [name, LATIN_FALLBACK]
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def plain(text) -> str:
    """Text from a document, a manifest or a file name as matplotlib shows it literally: a `$`
    would start mathtext (a label `$\\x$` then fails to draw, `$a$` renders as a formula)."""
    return "" if text is None else str(text).replace("$", r"\$")


def _tick(x: float, _pos=None) -> str:
    """Axis tick: thousands separators, decimals only where the tick has them."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


def _finish(ax, unit: str, title: str, legend: bool = False, xlabel: str | None = None,
            integer: bool = False):
    """Unit on the amount axis, thousands separators on its ticks, no top/right frame;
    `integer` keeps ticks on whole numbers (counts)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_xlabel(plain(xlabel or f"金额（{unit}）"))
    if integer:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(_tick))
    if legend:
        ax.legend(loc="best", frameon=False)
    if title:
        ax.set_title(plain(title))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def barh(ax, labels: Sequence[str], values: Sequence, *, unit: str = "万元", title: str = "",
         color="#4C72B0", annotate: bool = True, fmt=money, xlabel: str | None = None,
         integer: bool = False):
    """Horizontal bars, largest at the top, each labelled with its amount and the unit on the axis."""
    pairs = list(zip(labels, [float(v or 0) for v in values], strict=True))
    y = range(len(pairs))
    ax.barh(list(y), [v for _, v in pairs], color=color)
    ax.set_yticks(list(y), [plain(lab) for lab, _ in pairs])
    ax.invert_yaxis()
    if annotate:
        top = max((v for _, v in pairs), default=0) or 1
        for i, (_, v) in enumerate(pairs):
            ax.text(v + top * 0.01, i, fmt(v), va="center", fontsize=9)
        ax.set_xlim(0, top * 1.18)
    return _finish(ax, unit, title, xlabel=xlabel, integer=integer)


def paired_barh(ax, labels: Sequence[str], first: Sequence, second: Sequence, *,
                names: tuple[str, str] = ("年初预算", "决算"), unit: str = "万元",
                title: str = "", colors: tuple[str, str] = ("#B0B0B0", "#C44E52")):
    """Two bars per label (e.g. budget vs actual), amounts labelled, unit on the axis."""
    a = [float(v or 0) for v in first]
    b = [float(v or 0) for v in second]
    h = 0.4
    ys = list(range(len(labels)))
    ax.barh([y - h / 2 for y in ys], a, height=h, color=colors[0], label=plain(names[0]))
    ax.barh([y + h / 2 for y in ys], b, height=h, color=colors[1], label=plain(names[1]))
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_yticks(ys, [plain(lab) for lab in labels])
    ax.invert_yaxis()
    top = max(a + b, default=0) or 1
    for y, va, vb in zip(ys, a, b, strict=True):
        ax.text(va + top * 0.01, y - h / 2, money(va), va="center", fontsize=8)
        ax.text(vb + top * 0.01, y + h / 2, money(vb), va="center", fontsize=8)
    ax.set_xlim(0, top * 1.2)
    return _finish(ax, unit, title, legend=True)


def stacked_barh(ax, labels: Sequence[str], parts: dict[str, Sequence], *, unit: str = "万元",
                 title: str = "", colors: Sequence[str] = ("#4C72B0", "#DD8452", "#55A868"),
                 xlabel: str | None = None, fmt=money, integer: bool = False,
                 totals: Sequence | None = None):
    """Bars split into parts (e.g. 基本支出 + 项目支出), each bar labelled with its total:
    `totals` as published (a printed total may differ from the sum of its printed parts by
    rounding: the label shows the published one), else the sum of the parts."""
    ys = list(range(len(labels)))
    left = [0.0] * len(labels)
    for (name, values), color in zip(parts.items(), colors, strict=False):
        vals = [float(v or 0) for v in values]
        ax.barh(ys, vals, left=left, color=color, label=plain(name))
        left = [a + b for a, b in zip(left, vals, strict=True)]
    top = max(left, default=0) or 1
    shown = left if totals is None else [float(v) if v is not None else None for v in totals]
    for y, end, total in zip(ys, left, shown, strict=True):
        ax.text(end + top * 0.01, y, "—" if total is None else fmt(total), va="center",
                fontsize=9)
    ax.set_xlim(0, top * 1.18)
    ax.set_yticks(ys, [plain(lab) for lab in labels])
    ax.invert_yaxis()
    return _finish(ax, unit, title, legend=True, xlabel=xlabel, integer=integer)


def diverging_barh(ax, labels: Sequence[str], values: Sequence, *, unit: str = "万元",
                   title: str = "", colors: tuple[str, str] = ("#C44E52", "#4C72B0"),
                   xlabel: str | None = None):
    """Signed bars around zero (e.g. actual − budget): first colour above zero, second below;
    each bar labelled with its signed amount."""
    vals = [float(v or 0) for v in values]
    ys = list(range(len(vals)))
    ax.barh(ys, vals, color=[colors[0] if v >= 0 else colors[1] for v in vals])
    ax.axvline(0, color="#333333", linewidth=0.8)
    span = max((abs(v) for v in vals), default=0) or 1
    for y, v in zip(ys, vals, strict=True):
        ax.text(v + (span * 0.01 if v >= 0 else -span * 0.01), y, f"{v:+,.2f}",
                va="center", ha="left" if v >= 0 else "right", fontsize=8)
    low, high = min(vals + [0.0]), max(vals + [0.0])
    ax.set_xlim(low - span * 0.25 if low < 0 else 0, high + span * 0.25)
    ax.set_yticks(ys, [plain(lab) for lab in labels])
    ax.invert_yaxis()
    return _finish(ax, unit, title, xlabel=xlabel)


def bridge(ax, steps: Sequence[str], kinds: Sequence[str], amounts: Sequence, *,
           unit: str = "万元", title: str = "",
           colors: dict[str, str] | None = None):
    """A waterfall from a start value to an end value: `kinds` start / subtotal / end bars
    stand on zero, a `step` floats from the running total by its signed amount (red up, blue
    down); every bar labelled with its amount (steps signed)."""
    colors = colors or {"start": "#8C8C8C", "subtotal": "#B0B0B0", "end": "#4C72B0",
                        "up": "#C44E52", "down": "#4C72B0"}
    running, xs = 0.0, list(range(len(steps)))
    bottoms, heights, fills, labels_ = [], [], [], []
    for kind, amount in zip(kinds, amounts, strict=True):
        v = float(amount or 0)
        if kind == "step":
            bottoms.append(min(running, running + v))
            heights.append(abs(v))
            fills.append(colors["up"] if v >= 0 else colors["down"])
            labels_.append(f"{v:+,.2f}")
            running += v
        else:
            bottoms.append(0.0)
            heights.append(v)
            fills.append(colors[kind])
            labels_.append(money(v))
            running = v
    ax.bar(xs, heights, bottom=bottoms, color=fills, width=0.6)
    top = max((b + h for b, h in zip(bottoms, heights, strict=True)), default=0) or 1
    for x, b, h, text in zip(xs, bottoms, heights, labels_, strict=True):
        ax.text(x, b + h + top * 0.015, text, ha="center", va="bottom", fontsize=9)
    ax.set_ylim(0, top * 1.15)
    ax.set_xticks(xs, [plain(s).replace(" ", "\n", 1) for s in steps], fontsize=9)
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(_tick))
    ax.set_ylabel(f"金额（{plain(unit)}）")
    if title:
        ax.set_title(plain(title))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


BAND_COLORS = {"A": "#55A868", "B": "#A1C77A", "C": "#E8C25B", "D": "#D9765F"}


def bands(ax, value, limits: Sequence[tuple[str, float, float]], *, title: str = "",
          label: str = "", xmax: float | None = None):
    """A value (in %) drawn against its A–D bands: coloured spans on one axis, a marker and
    its label at the value. `limits` are (band, low %, high %) spans, drawn in order."""
    top = xmax or max([float(value or 0) * 1.1] + [hi for _, _, hi in limits])
    for band, low, high in limits:
        ax.axvspan(low, min(high, top), color=BAND_COLORS.get(band, "#DDDDDD"), alpha=0.85,
                   linewidth=0)
        mid = (low + min(high, top)) / 2
        if min(high, top) - low > top * 0.03:
            ax.text(mid, 0.82, band, ha="center", va="center", fontsize=11,
                    transform=ax.get_xaxis_transform())
    if value is not None:
        v = float(value)
        ax.plot([v], [0.38], marker="v", color="#222222", markersize=12,
                transform=ax.get_xaxis_transform(), clip_on=False)
        ax.text(v, 0.12, plain(label) or f"{v:,.1f}%", ha="center", va="center", fontsize=10,
                transform=ax.get_xaxis_transform(),
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    ax.set_xlim(0, top)
    ax.set_yticks([])
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: f"{x:,.0f}%"))
    if title:
        ax.set_title(plain(title), fontsize=11, loc="left")
    ax.spines[["top", "right", "left"]].set_visible(False)
    return ax


def pi1_spans(limits) -> list[tuple[str, float, float]]:
    """PI-1's nested bands (A 95–105 within B 90–110 within C 85–115, D outside) as
    non-overlapping spans along the axis, in %, from 0 to 1000."""
    a, b, c = ((float(lo) * 100, float(hi) * 100) for _, lo, hi in limits)
    return [("D", 0.0, c[0]), ("C", c[0], b[0]), ("B", b[0], a[0]), ("A", a[0], a[1]),
            ("B", a[1], b[1]), ("C", b[1], c[1]), ("D", c[1], 1000.0)]


def pi2_spans(limits) -> list[tuple[str, float, float]]:
    """PI-2's bands (A < 5 %, B < 10 %, C < 15 %, else D) as spans in %, from 0 to 1000."""
    spans, low = [], 0.0
    for band, high in limits:
        spans.append((band, low, float(high) * 100))
        low = float(high) * 100
    return spans + [("D", low, 1000.0)]
