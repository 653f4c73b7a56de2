package main

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/requesthook/requesthook/botoline"
	"github.com/requesthook/requesthook/otelhook"
)

// RequestLogger is boto's boto.requestlog.RequestLogger as an
// otelhook.RequestHook. As the tutorial explains, it is "written to handle
// multiple threads sending data to a single log writing thread": a log, a
// queue and a worker are created, and as requests are made
// HandleRequestData (boto's handle_request_data) extracts the data of the
// call, makes the log line and puts it on the queue for the worker.
//
// In boto the request carried start_time and the hook took datetime.now() as
// the end; here the Call carries both, taken by otelhook.Transport around the
// request. The line is boto's own format, rendered by botoline.Append.
//
// A RequestLogger is safe for concurrent use. HandleRequestData blocks while
// the queue is full, as boto's Queue.put did, so no line is dropped.
type RequestLogger struct {
	w     io.Writer
	queue chan []byte

	closeOnce sync.Once
	done      chan struct{}
	mu        sync.RWMutex // held for reading while queueing, for writing by Close
	closed    bool         // guarded by mu
	errMu     sync.Mutex
	err       error // write errors, guarded by errMu
}

var _ otelhook.RequestHook = (*RequestLogger)(nil)

// NewRequestLogger starts a RequestLogger writing to w (boto's RequestLogger
// opened its filename with mode 'w').
func NewRequestLogger(w io.Writer) *RequestLogger {
	l := &RequestLogger{w: w, queue: make(chan []byte, 100), done: make(chan struct{})}
	go l.requestLogWorker()
	return l
}

// HandleRequestData is boto's handle_request_data(request, response, error):
// it formats the call and queues the line. Calls after Close are ignored.
func (l *RequestLogger) HandleRequestData(_ context.Context, c otelhook.Call) {
	line := botoline.Append(nil, c.Record(), time.Local)
	l.mu.RLock()
	defer l.mu.RUnlock() // held while queueing, so Close cannot close the queue under us
	if l.closed {
		return
	}
	l.queue <- line
}

// requestLogWorker is boto's _request_log_worker: it writes the queued lines.
func (l *RequestLogger) requestLogWorker() {
	defer close(l.done)
	for line := range l.queue {
		if _, err := l.w.Write(line); err != nil {
			l.errMu.Lock()
			l.err = errors.Join(l.err, err)
			l.errMu.Unlock()
		}
	}
}

// Close stops taking calls, waits until the worker has written every queued
// line and returns the write errors, if any.
func (l *RequestLogger) Close() error {
	l.closeOnce.Do(func() {
		l.mu.Lock()
		l.closed = true
		close(l.queue)
		l.mu.Unlock()
	})
	<-l.done
	l.errMu.Lock()
	defer l.errMu.Unlock()
	return l.err
}
