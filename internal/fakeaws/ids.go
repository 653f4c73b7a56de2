package fakeaws

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
)

// newRequestID returns the next ID from WithRequestIDs, else a random one
// shaped like the service's: a UUID, or S3's 16 hex digits.
func (s *Server) newRequestID(p Protocol) string {
	if s.opts.ids != nil {
		return s.opts.ids()
	}
	if p == RESTXML {
		var b [8]byte
		rand.Read(b[:])
		return strings.ToUpper(fmt.Sprintf("%x", b[:]))
	}
	return newUUID()
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// newExtendedRequestID returns a random x-amz-id-2, S3's base64 host ID.
func newExtendedRequestID() string {
	var b [48]byte
	rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}
