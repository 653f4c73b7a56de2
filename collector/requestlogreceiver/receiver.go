package requestlogreceiver

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receiverhelper"
	"go.uber.org/zap"

	"github.com/requesthook/requesthook/botoline"
)

// offsetsKey is the storage key of the saved checkpoints.
const offsetsKey = "requestlog.offsets"

// retryInterval is the wait between two attempts to hand a batch to a
// consumer that refused it.
const retryInterval = time.Second

// logReceiver follows the files and hands their lines on as spans.
type logReceiver struct {
	cfg    *Config
	set    receiver.Settings
	next   consumer.Traces
	obs    *receiverhelper.ObsReport
	parser botoline.Parser

	client   storage.Client // nil without a storage extension
	tail     *tailer
	cancel   context.CancelFunc
	done     sync.WaitGroup
	rejected atomic.Int64 // malformed lines, in all
}

func newLogReceiver(cfg *Config, set receiver.Settings, next consumer.Traces) (*logReceiver, error) {
	loc, err := cfg.location()
	if err != nil {
		return nil, err
	}
	obs, err := receiverhelper.NewObsReport(receiverhelper.ObsReportSettings{
		ReceiverID: set.ID, Transport: "file", ReceiverCreateSettings: set,
	})
	if err != nil {
		return nil, err
	}
	return &logReceiver{cfg: cfg, set: set, next: next, obs: obs, parser: botoline.Parser{Location: loc}}, nil
}

// Start restores the offsets from the storage extension, when one is
// configured, and starts following the files.
func (r *logReceiver) Start(ctx context.Context, host component.Host) error {
	var saved []checkpoint
	if id := r.cfg.StorageID; id != nil {
		ext, ok := host.GetExtensions()[*id]
		if !ok {
			return fmt.Errorf(`requestlog receiver: "storage": extension %s is not configured`, id)
		}
		se, ok := ext.(storage.Extension)
		if !ok {
			return fmt.Errorf(`requestlog receiver: "storage": extension %s is not a storage extension`, id)
		}
		client, err := se.GetClient(ctx, component.KindReceiver, r.set.ID, "")
		if err != nil {
			return fmt.Errorf("requestlog receiver: storage client: %w", err)
		}
		r.client = client
		b, err := client.Get(ctx, offsetsKey)
		if err != nil {
			return fmt.Errorf("requestlog receiver: reading offsets: %w", err)
		}
		if b != nil {
			if err := json.Unmarshal(b, &saved); err != nil {
				r.set.Logger.Warn("stored offsets unreadable: starting over", zap.Error(err))
				saved = nil
			} else if saved == nil {
				saved = []checkpoint{} // a checkpoint of no file is still one
			}
		}
	}
	r.tail = newTailer(r.cfg.Include, r.cfg.StartAt == "end", saved)
	runCtx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.done.Add(1)
	go r.run(runCtx)
	return nil
}

// Shutdown stops following, closes the files and the storage client. The
// offsets saved are those of the last batch the consumer accepted.
func (r *logReceiver) Shutdown(ctx context.Context) error {
	if r.cancel == nil {
		return nil
	}
	r.cancel()
	r.done.Wait()
	r.tail.close()
	if n := r.rejected.Load(); n > 0 {
		r.set.Logger.Warn("malformed request-log lines were skipped", zap.Int64("lines", n))
	}
	if r.client != nil {
		return r.client.Close(ctx)
	}
	return nil
}

// run polls the files until ctx is done.
func (r *logReceiver) run(ctx context.Context) {
	defer r.done.Done()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		more, ok := r.pollOnce(ctx)
		if !ok {
			return
		}
		if more {
			timer.Reset(0)
		} else {
			timer.Reset(r.cfg.PollInterval)
		}
	}
}

// pollOnce reads what the files gained, hands it on and saves the offsets.
// It reports whether a file has more to read, and false in ok when ctx was
// done before the consumer accepted the batch (whose offsets are then not
// saved: it is read again after a restart).
func (r *logReceiver) pollOnce(ctx context.Context) (more, ok bool) {
	td, spans := newBatch()
	more, err := r.tail.poll(func(path string, line []byte, offset int64) {
		if line == nil {
			r.reject(path, offset, botoline.ErrLineTooLong)
			return
		}
		rec, err := r.parser.Parse(line)
		if err != nil {
			r.reject(path, offset, err)
			return
		}
		appendSpan(spans, rec, path)
	})
	if err != nil {
		r.set.Logger.Warn("reading request-log files", zap.Error(err))
	}
	if n := spans.Len(); n > 0 {
		if !r.consume(ctx, td, n) {
			return more, false
		}
	}
	r.save()
	return more, true
}

// consume hands td to the next consumer, retrying a refusal until ctx is
// done, and reports whether it was accepted.
func (r *logReceiver) consume(ctx context.Context, td ptrace.Traces, n int) bool {
	for {
		// The pipeline outlives the receiver's context: a batch read before
		// shutdown is handed on whole.
		opCtx := r.obs.StartTracesOp(context.Background())
		err := r.next.ConsumeTraces(opCtx, td)
		r.obs.EndTracesOp(opCtx, "requestlog", n, err)
		if err == nil {
			return true
		}
		r.set.Logger.Warn("the next consumer refused request-log spans; retrying", zap.Int("spans", n), zap.Error(err))
		select {
		case <-ctx.Done():
			return false
		case <-time.After(retryInterval):
		}
	}
}

// reject counts and logs a malformed line.
func (r *logReceiver) reject(path string, offset int64, err error) {
	r.rejected.Add(1)
	r.set.Logger.Warn("malformed request-log line skipped",
		zap.String("path", path), zap.Int64("end_offset", offset), zap.Error(err))
}

// save writes the offsets to storage, when configured. It runs to the end
// even during shutdown: the batch they follow was handed on.
func (r *logReceiver) save() {
	if r.client == nil {
		return
	}
	b, err := json.Marshal(r.tail.checkpoints())
	if err == nil {
		err = r.client.Set(context.Background(), offsetsKey, b)
	}
	if err != nil {
		r.set.Logger.Warn("saving request-log offsets", zap.Error(err))
	}
}

// Rejected returns how many malformed lines were skipped.
func (r *logReceiver) Rejected() int64 { return r.rejected.Load() }
