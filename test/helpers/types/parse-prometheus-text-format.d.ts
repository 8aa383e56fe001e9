// Types for parse-prometheus-text-format 1.1 (it ships none): the shape its README documents, values as the
// strings of the text format.
declare module 'parse-prometheus-text-format' {
  namespace parsePrometheusTextFormat {
    interface Sample {
      labels?: Record<string, string>;
      /** Counters, gauges and untyped samples. */
      value?: string;
      /** Histograms: the cumulative count per upper bound (`le`), then the count and sum. */
      buckets?: Record<string, string>;
      count?: string;
      sum?: string;
      quantiles?: Record<string, string>;
    }
    interface Family {
      name: string;
      help: string;
      type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
      metrics: Sample[];
    }
  }
  function parsePrometheusTextFormat(text: string): parsePrometheusTextFormat.Family[];
  export = parsePrometheusTextFormat;
}
