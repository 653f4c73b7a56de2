package fakeaws

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// store is the Server's S3: every bucket exists; objects live in memory.
// The Server's mutex guards it.
type store struct {
	buckets map[string]map[string]object
}

type object struct {
	data        []byte
	etag        string
	contentType string
	modified    time.Time
}

// s3Time is how S3 writes times in XML.
const s3Time = "2006-01-02T15:04:05.000Z"

// s3Default returns the built-in answer of an S3 operation, nil for one the
// Server does not implement.
func (s *Server) s3Default(op string) Handler {
	switch op {
	case "ListBuckets":
		return s.listBuckets
	case "CreateBucket":
		return s.createBucket
	case "HeadBucket":
		return func(*Request) (*Response, error) {
			return &Response{Header: http.Header{"X-Amz-Bucket-Region": {"us-east-1"}}}, nil
		}
	case "DeleteBucket":
		return s.deleteBucket
	case "PutObject":
		return s.putObject
	case "GetObject", "HeadObject":
		return s.getObject
	case "DeleteObject":
		return s.deleteObject
	case "CopyObject":
		return s.copyObject
	case "ListObjectsV2":
		return s.listObjectsV2
	}
	return nil
}

// bucket returns the objects of a bucket, creating it; s.mu is held.
func (s *Server) bucket(name string) map[string]object {
	if s.s3.buckets == nil {
		s.s3.buckets = make(map[string]map[string]object)
	}
	b := s.s3.buckets[name]
	if b == nil {
		b = make(map[string]object)
		s.s3.buckets[name] = b
	}
	return b
}

func xmlResponse(status int, body string) *Response {
	return &Response{Status: status, Header: http.Header{"Content-Type": {"application/xml"}},
		Body: []byte(xml.Header + body)}
}

func (s *Server) listBuckets(*Request) (*Response, error) {
	s.mu.Lock()
	names := make([]string, 0, len(s.s3.buckets))
	for name := range s.s3.buckets {
		names = append(names, name)
	}
	s.mu.Unlock()
	slices.Sort(names)
	var b bytes.Buffer
	b.WriteString(`<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>fakeaws</ID></Owner><Buckets>`)
	for _, n := range names {
		b.WriteString("<Bucket><Name>")
		escape(&b, n)
		b.WriteString("</Name><CreationDate>2024-05-02T09:41:12.000Z</CreationDate></Bucket>")
	}
	b.WriteString("</Buckets></ListAllMyBucketsResult>")
	return xmlResponse(http.StatusOK, b.String()), nil
}

func (s *Server) createBucket(r *Request) (*Response, error) {
	s.mu.Lock()
	s.bucket(r.Bucket)
	s.mu.Unlock()
	return &Response{Header: http.Header{"Location": {"/" + r.Bucket}}}, nil
}

func (s *Server) deleteBucket(r *Request) (*Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.s3.buckets[r.Bucket]) > 0 {
		return nil, &Error{Status: http.StatusConflict, Code: "BucketNotEmpty", Message: "The bucket you tried to delete is not empty"}
	}
	delete(s.s3.buckets, r.Bucket)
	return &Response{Status: http.StatusNoContent}, nil
}

func (s *Server) putObject(r *Request) (*Response, error) {
	data := r.Body
	if strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") {
		var err error
		if data, err = decodeAWSChunked(data); err != nil {
			return nil, &Error{Code: "IncompleteBody", Message: err.Error()}
		}
	}
	sum := md5.Sum(data)
	o := object{data: bytes.Clone(data), etag: `"` + hex.EncodeToString(sum[:]) + `"`,
		contentType: r.Header.Get("Content-Type"), modified: time.Now().UTC().Truncate(time.Second)}
	if o.contentType == "" {
		o.contentType = "binary/octet-stream"
	}
	s.mu.Lock()
	s.bucket(r.Bucket)[r.Key] = o
	s.mu.Unlock()
	return &Response{Header: http.Header{"ETag": {o.etag}}}, nil
}

// getObject answers GetObject and HeadObject (whose body net/http drops).
func (s *Server) getObject(r *Request) (*Response, error) {
	s.mu.Lock()
	o, ok := s.s3.buckets[r.Bucket][r.Key]
	s.mu.Unlock()
	if !ok {
		return nil, &Error{Status: http.StatusNotFound, Code: "NoSuchKey", Message: "The specified key does not exist."}
	}
	return &Response{Header: http.Header{
		"Content-Type":   {o.contentType},
		"Content-Length": {strconv.Itoa(len(o.data))},
		"ETag":           {o.etag},
		"Last-Modified":  {o.modified.Format(http.TimeFormat)},
		"Accept-Ranges":  {"bytes"},
	}, Body: o.data}, nil
}

func (s *Server) deleteObject(r *Request) (*Response, error) {
	s.mu.Lock()
	delete(s.s3.buckets[r.Bucket], r.Key)
	s.mu.Unlock()
	return &Response{Status: http.StatusNoContent}, nil
}

func (s *Server) copyObject(r *Request) (*Response, error) {
	src, err := url.PathUnescape(strings.TrimPrefix(r.Header.Get("X-Amz-Copy-Source"), "/"))
	if err != nil {
		return nil, &Error{Code: "InvalidArgument", Message: "Invalid copy source encoding"}
	}
	src, _, _ = strings.Cut(src, "?") // a versionId
	bucket, key, _ := strings.Cut(src, "/")
	s.mu.Lock()
	o, ok := s.s3.buckets[bucket][key]
	if ok {
		o.modified = time.Now().UTC().Truncate(time.Second)
		s.bucket(r.Bucket)[r.Key] = o
	}
	s.mu.Unlock()
	if !ok {
		return nil, &Error{Status: http.StatusNotFound, Code: "NoSuchKey", Message: "The specified key does not exist."}
	}
	return xmlResponse(http.StatusOK, fmt.Sprintf(`<CopyObjectResult><LastModified>%s</LastModified><ETag>%s</ETag></CopyObjectResult>`,
		o.modified.Format(s3Time), xmlEscaped(o.etag))), nil
}

func (s *Server) listObjectsV2(r *Request) (*Response, error) {
	prefix := r.Query.Get("prefix")
	s.mu.Lock()
	var keys []string
	objs := map[string]object{}
	for k, o := range s.s3.buckets[r.Bucket] {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
			objs[k] = o
		}
	}
	s.mu.Unlock()
	slices.Sort(keys)
	var b bytes.Buffer
	b.WriteString(`<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>`)
	escape(&b, r.Bucket)
	b.WriteString("</Name><Prefix>")
	escape(&b, prefix)
	fmt.Fprintf(&b, "</Prefix><KeyCount>%d</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>", len(keys))
	for _, k := range keys {
		o := objs[k]
		b.WriteString("<Contents><Key>")
		escape(&b, k)
		fmt.Fprintf(&b, "</Key><LastModified>%s</LastModified><ETag>%s</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>",
			o.modified.Format(s3Time), xmlEscaped(o.etag), len(o.data))
	}
	b.WriteString("</ListBucketResult>")
	return xmlResponse(http.StatusOK, b.String()), nil
}

func xmlEscaped(s string) string {
	var b bytes.Buffer
	escape(&b, s)
	return b.String()
}
