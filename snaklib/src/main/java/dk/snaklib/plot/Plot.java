package dk.snaklib.plot;

import tech.tablesaw.plotly.components.Figure;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tablesaw-jsplot figure plus what tablesaw cannot say (error bars, plotly.js 3 titles, our style), rendered as
 * an HTML fragment that draws offline: window.Plotly if the page has it, else RequireJS's 'plotly' if defined,
 * else the bundled plotly.js found on the page (see {@link PlotlyBundle}), injected once.
 */
public final class Plot {
    private static final Pattern NEW_PLOT = Pattern.compile("Plotly\\.newPlot\\((\\w+),\\s*data,\\s*layout[^)]*\\);");

    private final String title;
    private final Figure figure;
    private final String extraJs;

    Plot(String title, Figure figure, String extraJs) {
        this.title = title;
        this.figure = figure;
        this.extraJs = extraJs == null ? "" : extraJs;
    }

    /** Wraps a figure built directly with tablesaw-jsplot, so it gets our style and offline loading. */
    public static Plot of(Figure figure) {
        return new Plot("figure", figure, "");
    }

    public String title() {
        return title;
    }

    public Figure figure() {
        return figure;
    }

    /** The figure as HTML; with {@code withBundle}, the page's copy of plotly.js is included before it. */
    public String html(boolean withBundle) {
        String id = "snakplot_" + UUID.randomUUID().toString().replace("-", ""); // tablesaw makes a JS variable of it
        String tablesawJs = figure.asJavascript(id).replaceAll("</?script>", "");
        Matcher m = NEW_PLOT.matcher(tablesawJs);
        if (!m.find()) {
            throw new IllegalStateException("unexpected tablesaw-jsplot output: no Plotly.newPlot call");
        }
        String draw = tablesawJs.substring(0, m.start()) + extraJs + "\n" + PlotStyle.JS_APPLY
                + "\nreturn Plotly.newPlot(" + m.group(1) + ", data, layout, " + PlotStyle.CONFIG + ");" + tablesawJs.substring(m.end());
        return "<div id=\"" + id + "\" class=\"snaklib-plot\" style=\"width:100%;min-height:" + PlotStyle.HEIGHT + "px\"></div>\n"
                + (withBundle ? PlotlyBundle.element() : "")
                + "<script>\n(function () {\nvar draw = function (Plotly) {\n" + draw + "\n};\n"
                + LOADER.replace("__ID__", id) + "})();\n</script>\n";
    }

    /** A page with just this figure and the bundle: opens offline in any browser. */
    public String page() {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title.replace("<", "&lt;") + "</title></head><body>\n"
                + html(true) + "</body></html>\n";
    }

    @Override
    public String toString() {
        return "Plot[" + title + "]";
    }

    /** Finds plotly.js as the design says: global, then RequireJS, then the page's bundle (inflated once). */
    private static final String LOADER = """
            var el = document.getElementById('__ID__');
            var go = function (P) {
              Promise.resolve(draw(P)).then(function () { el.setAttribute('data-snaklib-plotted', 'true'); },
                function (e) { el.textContent = 'plot failed: ' + e; });
            };
            if (window.Plotly) { go(window.Plotly); return; }
            if (typeof window.require === 'function' && window.require.defined && window.require.defined('plotly')) {
              window.require(['plotly'], go); return;
            }
            if (!window.__snaklibPlotly) {
              window.__snaklibPlotly = new Promise(function (resolve, reject) {
                var src = document.getElementById('snaklib-plotly-js');
                if (!src) { reject(new Error('plotly.js is not on this page (re-run the first figure cell)')); return; }
                var bin = atob(src.textContent.trim()), bytes = new Uint8Array(bin.length);
                for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
                new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text().then(function (code) {
                  var amd = window.define;
                  window.define = undefined; // RequireJS (classic Notebook) would swallow plotly's UMD export
                  try {
                    var s = document.createElement('script');
                    s.text = code;
                    document.head.appendChild(s);
                  } finally { window.define = amd; }
                  window.Plotly ? resolve(window.Plotly) : reject(new Error('plotly.js did not load'));
                }, reject);
              });
            }
            window.__snaklibPlotly.then(go, function (e) { el.textContent = 'Plotly could not be loaded: ' + e.message; });
            """;
}
