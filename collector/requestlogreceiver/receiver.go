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
	"github.com/requesthook/requesthook/internal/follow"
)

// offsetsKey is the storage key of the saved checkpoints.
const offsetsKey = "requestlog.offsets"

// retryInterval is the wait between two attempts to hand a batch to a
// consumer that refused it.
const retryInterval = time.Second

// maxBatch bounds the spans of one batch: a follower hands its lines on
// when it has read all there was, or when it has read maxBatch of them.
const maxBatch = 1024

// logReceiver follows the files and hands their lines on as spans.
type logReceiver struct {
	cfg  *Config
	set  receiver.Settings
	next consumer.Traces
	obs  *receiverhelper.ObsReport
	loc  *time.Location // of the time column

	client   storage.Client // nil without a storage extension
	restored bool           // storage held checkpoints at start
	offsets  *offsets
	files    map[string]*followed // by path; used by run's goroutine only
	saveMu   sync.Mutex           // held around a save
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
	return &logReceiver{cfg: cfg, set: set, next: next, obs: obs, loc: loc}, nil
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
			} else {
				r.restored = true // a checkpoint of no file is still one
			}
		}
	}
	r.offsets = newOffsets(saved)
	r.files = map[string]*followed{}
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
	if n := r.rejected.Load(); n > 0 {
		r.set.Logger.Warn("malformed request-log lines were skipped", zap.Int64("lines", n))
	}
	if r.client != nil {
		return r.client.Close(ctx)
	}
	return nil
}

// run looks for new files every poll interval until ctx is done, then
// stops the followers. Each follower reads and hands on its lines in its
// own goroutine (handler).
func (r *logReceiver) run(ctx context.Context) {
	defer r.done.Done()
	var keep map[follow.FileID]bool
	defer func() {
		for path, f := range r.files {
			f.stop()
			delete(r.files, path)
		}
		r.save(keep) // the offsets of the last batches handed on
	}()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for first := true; ; first = false {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		keep = r.scan(first)
		r.save(keep)
		timer.Reset(r.cfg.PollInterval)
	}
}

// handler returns the function that handles the events of f's follower:
// it parses each new line into a span of a batch, hands the batch on when
// the follower has caught up (or the batch is full), and then records the
// offsets the batch reached. A batch the consumer did not accept before
// ctx was done stops the follower without recording them.
func (r *logReceiver) handler(ctx context.Context, f *followed) func(follow.Event) error {
	td, spans := newBatch()
	var marks []mark
	parser := botoline.Parser{Location: r.loc} // a Parser per goroutine: it caches names
	flush := func() error {
		if n := spans.Len(); n > 0 {
			if !r.consume(ctx, td, n) {
				return ctx.Err()
			}
			td, spans = newBatch()
		}
		if len(marks) > 0 {
			r.offsets.commit(marks)
			marks = marks[:0]
		}
		return nil
	}
	return func(ev follow.Event) error {
		switch ev.Kind {
		case follow.Line, follow.TooLong:
			f.setCurrent(ev.File, false)
			gen, ok := r.offsets.claim(ev.File, f.path, ev.Offset)
			if !ok {
				return nil // handed on by the follower of another path
			}
			marks = appendMark(marks, mark{id: ev.File, gen: gen, offset: ev.Offset}, ev.Head)
			if ev.Kind == follow.TooLong {
				r.reject(f.path, ev.Offset, botoline.ErrLineTooLong)
				return nil
			}
			rec, err := parser.Parse(ev.Line)
			if err != nil {
				r.reject(f.path, ev.Offset, err)
				return nil
			}
			appendSpan(spans, rec, f.path)
			if spans.Len() >= maxBatch {
				return flush()
			}
		case follow.Truncated:
			if err := flush(); err != nil {
				return err
			}
			r.offsets.truncated(ev.File)
		case follow.Rotated:
			f.setCurrent(ev.File, false)
		case follow.CaughtUp:
			if err := flush(); err != nil {
				return err
			}
			f.setCurrent(ev.File, true)
		}
		return nil
	}
}

// appendMark records m, with a copy of head, as the last position of its
// file in a batch.
func appendMark(marks []mark, m mark, head []byte) []mark {
	if n := len(marks); n > 0 && marks[n-1].id == m.id && marks[n-1].gen == m.gen {
		last := &marks[n-1]
		last.offset = m.offset
		if len(last.head) != len(head) {
			last.head = append(last.head[:0], head...)
		}
		return marks
	}
	m.head = append([]byte(nil), head...)
	return append(marks, m)
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

// save writes the checkpoints of the files in keep to storage, when
// configured and when they changed. It runs to the end even during
// shutdown: the batches they follow were handed on.
func (r *logReceiver) save(keep map[follow.FileID]bool) {
	if r.client == nil {
		return
	}
	r.saveMu.Lock()
	defer r.saveMu.Unlock()
	b, changed := r.offsets.checkpoints(keep)
	if !changed {
		return
	}
	if err := r.client.Set(context.Background(), offsetsKey, b); err != nil {
		r.set.Logger.Warn("saving request-log offsets", zap.Error(err))
	}
}

// Rejected returns how many malformed lines were skipped.
func (r *logReceiver) Rejected() int64 { return r.rejected.Load() }
