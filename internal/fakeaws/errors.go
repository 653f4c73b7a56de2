package fakeaws

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
)

// fail sends e in the error format of req's protocol.
func (s *Server) fail(w http.ResponseWriter, req *Request, e *Error) {
	resp := &Response{Status: e.status(), Header: http.Header{}}
	switch req.Protocol {
	case EC2Query:
		resp.Body = ec2ErrorDocument(e, req.RequestID)
	case Query:
		resp.Body = queryErrorDocument(e, req)
	case JSON:
		resp.Header.Set("X-Amzn-ErrorType", e.Code)
		if req.Header.Get("X-Amzn-Query-Mode") == "true" {
			// Query-compatible services (SQS) also send the query
			// protocol's code, which the SDK prefers.
			resp.Header.Set("X-Amzn-Query-Error", e.Code+";"+e.fault())
		}
		resp.Body = jsonBody(map[string]string{"__type": jsonErrorType(req.Service, e.Code), "message": e.Message})
	case RESTXML:
		resp.Header.Set("Content-Type", "application/xml")
		resp.Body = s3ErrorDocument(e, req, w.Header().Get("x-amz-id-2"))
	case RESTJSON:
		resp.Header.Set("X-Amzn-ErrorType", e.Code)
		typ := "User"
		if e.status() >= 500 {
			typ = "Service"
		}
		resp.Body = jsonBody(map[string]string{"Type": typ, "message": e.Message})
	}
	for k, vs := range e.Header {
		resp.Header[http.CanonicalHeaderKey(k)] = vs
	}
	s.write(w, req, resp)
}

// jsonErrorNamespaces are the Smithy namespaces some services put before
// the code in __type.
var jsonErrorNamespaces = map[string]string{
	"DynamoDB": "com.amazonaws.dynamodb.v20120810",
	"SQS":      "com.amazonaws.sqs",
}

func jsonErrorType(service, code string) string {
	if ns, ok := jsonErrorNamespaces[service]; ok {
		return ns + "#" + code
	}
	return code
}

// ec2ErrorDocument is EC2's error document.
func ec2ErrorDocument(e *Error, id string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<Response><Errors><Error><Code>")
	escape(&b, e.Code)
	b.WriteString("</Code><Message>")
	escape(&b, e.Message)
	b.WriteString("</Message></Error></Errors><RequestID>")
	escape(&b, id)
	b.WriteString("</RequestID></Response>\n")
	return b.Bytes()
}

// queryErrorDocument is the query protocol's error document.
func queryErrorDocument(e *Error, req *Request) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<ErrorResponse xmlns="`)
	escape(&b, queryNamespace(req))
	b.WriteString(`"><Error><Type>`)
	b.WriteString(e.fault())
	b.WriteString("</Type><Code>")
	escape(&b, e.Code)
	b.WriteString("</Code><Message>")
	escape(&b, e.Message)
	b.WriteString("</Message></Error><RequestId>")
	escape(&b, req.RequestID)
	b.WriteString("</RequestId></ErrorResponse>\n")
	return b.Bytes()
}

// s3ErrorDocument is S3's error document.
func s3ErrorDocument(e *Error, req *Request, hostID string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<Error><Code>")
	escape(&b, e.Code)
	b.WriteString("</Code><Message>")
	escape(&b, e.Message)
	b.WriteString("</Message>")
	switch {
	case req.Key != "":
		b.WriteString("<Key>")
		escape(&b, req.Key)
		b.WriteString("</Key>")
	case req.Bucket != "":
		b.WriteString("<BucketName>")
		escape(&b, req.Bucket)
		b.WriteString("</BucketName>")
	}
	b.WriteString("<RequestId>")
	escape(&b, req.RequestID)
	b.WriteString("</RequestId><HostId>")
	escape(&b, hostID)
	b.WriteString("</HostId></Error>")
	return b.Bytes()
}

func escape(b *bytes.Buffer, s string) {
	xml.EscapeText(b, []byte(s)) //nolint:errcheck // bytes.Buffer does not fail
}

// jsonBody marshals v, which cannot fail for the values this package uses.
func jsonBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("fakeaws: " + err.Error())
	}
	return b
}
