// Package follow reads a log file as it grows, the way tail -F does, and
// hands its whole lines to a callback: it follows the file through rotation
// by rename (the file renamed away and a new one created at its path, or a
// new file renamed onto the path) and through truncation (copytruncate), and
// it keeps the partial last line of a file until the line is complete.
//
// A Follower is opened on a path (Open) and run with a callback (Run) that
// receives an Event for every line, with the identity of the file it came
// from (FileID) and the byte offset just after it, so that a caller that
// stores the last offset it handled can start again there (WithOffset)
// without reading a line twice or missing one. Lines are cut by
// botoline.Splitter; a line longer than botoline.MaxLineLen is reported as
// TooLong and skipped.
//
// # Rotation
//
// Every time it looks, a Follower opens the file at its path if that is a
// file it does not hold yet, and keeps it open behind the one it is reading.
// It leaves the old file only when the new one has data (or a newer one
// exists): it reads the old file to its end first, so lines that a writer
// still holding the old file appends between the rename and its reopening
// are not lost, and it then passes on the old file's partial last line, if
// any, as a line without a newline. A file whose life at the path began and
// ended between two looks is not seen at all, which is why a Follower is
// woken by file-system notifications (package fsnotify: inotify, kqueue,
// ReadDirectoryChangesW) where the platform has them, and polls as well: on
// a file system that sends no notifications (NFS, some containers), the poll
// interval (WithPollInterval) must be shorter than the time between two
// rotations. On Windows files are opened with FILE_SHARE_DELETE so that a
// Follower holding a file does not stop a writer from renaming it.
//
// # Truncation
//
// A file is taken to have been truncated when it is shorter than the offset
// read so far, or when its first bytes (up to 256) are no longer the ones
// read from it; the Follower then reads it again from its start. Lines that
// were written to a file and truncated away before the Follower read them
// are lost; that is the nature of copytruncate, which logrotate's
// documentation describes.
package follow
