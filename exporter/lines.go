package exporter

// WriteLines writes b, a run of whole lines already rendered (with
// botoline.Append), as ExportSpans writes a batch: in one write (split only
// where rotation starts a new file), with the rotation and reopening of
// Open, and without leaving a torn line behind. It is for writers that hold
// no sdktrace spans, such as a Collector exporter.
//
// It returns how many bytes of b are done, always at a line boundary: after
// an error, the lines from there on were not written and may be written
// again. It returns ErrShutdown after Shutdown.
func (e *Exporter) WriteLines(b []byte) (int, error) {
	if len(b) == 0 {
		if e.stopped.Load() {
			return 0, ErrShutdown
		}
		return 0, nil
	}
	return e.write(b)
}
