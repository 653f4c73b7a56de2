package requestlogexporter

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.uber.org/zap"

	"github.com/requesthook/requesthook/apicall"
	rootexporter "github.com/requesthook/requesthook/exporter"
)

// logExporter writes the lines of the call spans it is pushed to the file.
type logExporter struct {
	cfg    *Config
	loc    *time.Location
	per    apicall.Granularity // from per_attempt
	logger *zap.Logger

	file *rootexporter.Exporter // set by start
	bufs sync.Pool              // *batch
}

// batch is the rendering buffer of one push.
type batch struct {
	b    []byte
	ends []int
}

// maxPooledBatch is the largest buffer kept for reuse.
const maxPooledBatch = 4 << 20

func newLogExporter(cfg *Config, set exporter.Settings) (*logExporter, error) {
	loc, err := cfg.location()
	if err != nil {
		return nil, err
	}
	return &logExporter{cfg: cfg, loc: loc, per: cfg.granularity(), logger: set.Logger}, nil
}

// start opens the file, creating it when needed; the Collector does not
// start when it cannot be opened.
func (e *logExporter) start(context.Context, component.Host) error {
	mode, err := e.cfg.fileMode()
	if err != nil {
		return err
	}
	f, err := rootexporter.Open(e.cfg.Path,
		rootexporter.WithLocation(e.loc),
		rootexporter.WithFileMode(mode),
		rootexporter.WithMaxSize(int64(e.cfg.Rotation.MaxMegabytes)<<20),
		rootexporter.WithMaxBackups(e.cfg.Rotation.MaxBackups))
	if err != nil {
		return fmt.Errorf("requestlog exporter: %w", err)
	}
	e.file = f
	return nil
}

// shutdown flushes (fsync) and closes the file.
func (e *logExporter) shutdown(ctx context.Context) error {
	if e.file == nil {
		return nil
	}
	return e.file.Shutdown(ctx)
}

// pushTraces writes the lines of td's call spans in one write. When the
// write fails part way, the spans whose lines were written are dropped from
// what the exporter helper retries, so a retry never duplicates a line.
func (e *logExporter) pushTraces(_ context.Context, td ptrace.Traces) error {
	bt, _ := e.bufs.Get().(*batch)
	if bt == nil {
		bt = &batch{b: make([]byte, 0, 64<<10)}
	}
	defer func() {
		if cap(bt.b) <= maxPooledBatch {
			e.bufs.Put(bt)
		}
	}()
	bt.b, bt.ends = appendLines(bt.b[:0], bt.ends[:0], td, e.loc, e.per)
	if len(bt.b) == 0 {
		return nil
	}
	n, err := e.file.WriteLines(bt.b)
	if err == nil {
		return nil
	}
	if errors.Is(err, rootexporter.ErrShutdown) {
		return consumererror.NewPermanent(err)
	}
	written := sort.SearchInts(bt.ends, n+1) // lines ending at or before n
	return consumererror.NewTraces(err, unwritten(td, written, e.per))
}
