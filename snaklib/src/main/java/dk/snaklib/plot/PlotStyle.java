package dk.snaklib.plot;

/**
 * The one look of SnakLab figures, applied in the browser to tablesaw's layout: font, colours, margins, grid,
 * titles as plotly.js 3 wants them ({@code {text: ...}}; plain strings are ignored since 3.0).
 */
final class PlotStyle {
    private PlotStyle() {}

    static final int HEIGHT = 420;

    static final String CONFIG = "{responsive: true, displaylogo: false}";

    static final String JS_APPLY = """
            (function (layout) {
              var text = function (t) { return typeof t === 'string' ? {text: t} : t; };
              layout.title = text(layout.title);
              ['xaxis', 'yaxis', 'yaxis2'].forEach(function (k) {
                if (layout[k]) { layout[k].title = text(layout[k].title); layout[k].gridcolor = '#e5e5e5'; layout[k].zeroline = false; }
              });
              delete layout.width;
              layout.height = %d;
              layout.autosize = true;
              layout.font = {family: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', size: 13, color: '#222'};
              layout.colorway = ['#1f5fbf', '#d9480f', '#2b8a3e', '#862e9c', '#e67700', '#0b7285', '#c2255c', '#495057'];
              layout.paper_bgcolor = '#fff';
              layout.plot_bgcolor = '#fff';
              layout.margin = {l: 60, r: 20, t: layout.title && layout.title.text ? 50 : 20, b: 50};
            })(layout);
            """.formatted(HEIGHT);
}
