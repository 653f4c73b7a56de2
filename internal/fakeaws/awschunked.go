package fakeaws

import (
	"bytes"
	"errors"
	"strconv"
)

// decodeAWSChunked returns the payload of a body in the aws-chunked
// encoding the SDK uses for streaming uploads with trailing checksums:
// chunks "<hex size>[;chunk-signature=...]\r\n<data>\r\n", a last chunk of
// size 0, then trailers.
func decodeAWSChunked(body []byte) ([]byte, error) {
	var out []byte
	for {
		line, rest, ok := bytes.Cut(body, []byte("\r\n"))
		if !ok {
			return nil, errors.New("aws-chunked: a chunk header without CRLF")
		}
		sizeHex, _, _ := bytes.Cut(line, []byte(";"))
		size, err := strconv.ParseUint(string(bytes.TrimSpace(sizeHex)), 16, 31)
		if err != nil {
			return nil, errors.New("aws-chunked: bad chunk size " + strconv.Quote(string(line)))
		}
		if size == 0 {
			return out, nil // trailers follow; the checksum is not checked
		}
		if uint64(len(rest)) < size+2 || string(rest[size:size+2]) != "\r\n" {
			return nil, errors.New("aws-chunked: a chunk shorter than its size")
		}
		out = append(out, rest[:size]...)
		body = rest[size+2:]
	}
}
