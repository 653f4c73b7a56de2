package fakeaws

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// defaultHandler returns the built-in answer of req's operation, nil when
// the Server has none.
func (s *Server) defaultHandler(req *Request) Handler {
	if req.Service == "S3" {
		return s.s3Default(req.Operation)
	}
	return defaults[key{req.Service, req.Operation}]
}

// defaults are the built-in answers: empty results, or results derived from
// the input where the SDK checks them (SQS's MD5 of the message body).
var defaults = map[key]Handler{
	{"EC2", "DescribeVolumes"}:           ec2Default("<volumeSet/>"),
	{"EC2", "DescribeInstances"}:         ec2Default("<reservationSet/>"),
	{"EC2", "DescribeAvailabilityZones"}: ec2Default("<availabilityZoneInfo/>"),
	{"EC2", "DescribeRegions"}:           ec2Default("<regionInfo/>"),

	{"STS", "GetCallerIdentity"}: queryDefault(func(*Request) string {
		return "<Arn>arn:aws:iam::123456789012:user/fakeaws</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account>"
	}),
	{"SNS", "Publish"}: queryDefault(func(*Request) string {
		return "<MessageId>" + newUUID() + "</MessageId>"
	}),
	{"SQS", "SendMessage"}: func(r *Request) (*Response, error) {
		if r.Protocol == Query {
			return queryDefault(func(r *Request) string {
				return "<MD5OfMessageBody>" + md5Hex(r.Form.Get("MessageBody")) + "</MD5OfMessageBody><MessageId>" + newUUID() + "</MessageId>"
			})(r)
		}
		var in struct{ MessageBody string }
		if err := json.Unmarshal(r.Body, &in); err != nil {
			return nil, &Error{Code: "InvalidParameterValue", Message: err.Error()}
		}
		return jsonResponse(map[string]string{"MD5OfMessageBody": md5Hex(in.MessageBody), "MessageId": newUUID()}), nil
	},
	{"SQS", "ReceiveMessage"}: jsonDefault(`{}`),
	{"SQS", "DeleteMessage"}:  jsonDefault(`{}`),
	{"SQS", "GetQueueUrl"}: func(r *Request) (*Response, error) {
		var in struct{ QueueName string }
		json.Unmarshal(r.Body, &in) //nolint:errcheck // an empty name is fine here
		return jsonResponse(map[string]string{"QueueUrl": "http://" + r.Host + "/123456789012/" + in.QueueName}), nil
	},

	{"DynamoDB", "GetItem"}:    jsonDefault(`{}`),
	{"DynamoDB", "PutItem"}:    jsonDefault(`{}`),
	{"DynamoDB", "DeleteItem"}: jsonDefault(`{}`),
	{"DynamoDB", "UpdateItem"}: jsonDefault(`{}`),
	{"DynamoDB", "Query"}:      jsonDefault(`{"Count":0,"Items":[],"ScannedCount":0}`),
	{"DynamoDB", "Scan"}:       jsonDefault(`{"Count":0,"Items":[],"ScannedCount":0}`),
	{"DynamoDB", "ListTables"}: jsonDefault(`{"TableNames":[]}`),

	{"Kinesis", "PutRecord"}: jsonDefault(`{"SequenceNumber":"49590338271490256608559692538361571095921575989136588898","ShardId":"shardId-000000000000"}`),
	{"Kinesis", "PutRecords"}: func(r *Request) (*Response, error) {
		var in struct{ Records []json.RawMessage }
		json.Unmarshal(r.Body, &in) //nolint:errcheck // no records is fine here
		type record struct{ SequenceNumber, ShardId string }
		out := struct {
			FailedRecordCount int
			Records           []record
		}{Records: []record{}}
		for i := range in.Records {
			out.Records = append(out.Records, record{fmt.Sprintf("4959033827149025660855969253836157109592157598913658%04d", i), "shardId-000000000000"})
		}
		return jsonResponse(out), nil
	},
	{"Kinesis", "ListStreams"}: jsonDefault(`{"StreamNames":[],"HasMoreStreams":false}`),

	{"Lambda", "Invoke"}: lambdaInvoke,
}

// ec2Default answers with an EC2 result holding inner.
func ec2Default(inner string) Handler {
	return func(r *Request) (*Response, error) {
		return &Response{Body: EC2Body(r, inner)}, nil
	}
}

// EC2Body returns EC2's success document for r's operation: the element
// <OperationResponse> in the 2016-11-15 namespace holding r's request ID and
// inner, which is XML.
func EC2Body(r *Request, inner string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, `<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">`, r.Operation)
	b.WriteString("<requestId>")
	escape(&b, r.RequestID)
	b.WriteString("</requestId>")
	b.WriteString(inner)
	fmt.Fprintf(&b, "</%sResponse>\n", r.Operation)
	return b.Bytes()
}

// queryDefault answers with a query-protocol result holding what result
// returns.
func queryDefault(result func(*Request) string) Handler {
	return func(r *Request) (*Response, error) {
		return &Response{Body: QueryBody(r, result(r))}, nil
	}
}

// QueryBody returns the query protocol's success document for r's
// operation: <OperationResponse> in the service's namespace holding
// <OperationResult> with result, which is XML, and the request ID in
// <ResponseMetadata>.
func QueryBody(r *Request, result string) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, `<%sResponse xmlns="`, r.Operation)
	escape(&b, queryNamespace(r))
	fmt.Fprintf(&b, `"><%sResult>%s</%[1]sResult><ResponseMetadata><RequestId>`, r.Operation, result)
	escape(&b, r.RequestID)
	fmt.Fprintf(&b, "</RequestId></ResponseMetadata></%sResponse>\n", r.Operation)
	return b.Bytes()
}

// queryNamespaces are the XML namespaces of the query services' documents.
var queryNamespaces = map[string]string{
	"STS": "https://sts.amazonaws.com/doc/2011-06-15/",
	"SNS": "http://sns.amazonaws.com/doc/2010-03-31/",
	"SQS": "http://queue.amazonaws.com/doc/2012-11-05/",
	"IAM": "https://iam.amazonaws.com/doc/2010-05-08/",
}

func queryNamespace(r *Request) string {
	if ns, ok := queryNamespaces[r.Service]; ok {
		return ns
	}
	return "https://" + strings.ToLower(r.Service) + ".amazonaws.com/doc/" + r.Form.Get("Version") + "/"
}

func jsonDefault(body string) Handler {
	return func(*Request) (*Response, error) { return &Response{Body: []byte(body)}, nil }
}

func jsonResponse(v any) *Response { return &Response{Body: jsonBody(v)} }

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// lambdaInvoke answers Invoke as an identity function would: the payload
// back for a RequestResponse invocation, 202 for Event, 204 for DryRun.
func lambdaInvoke(r *Request) (*Response, error) {
	switch r.Header.Get("X-Amz-Invocation-Type") {
	case "Event":
		return &Response{Status: http.StatusAccepted}, nil
	case "DryRun":
		return &Response{Status: http.StatusNoContent}, nil
	}
	body := r.Body
	if len(body) == 0 {
		body = []byte("null")
	}
	return &Response{Header: http.Header{"X-Amz-Executed-Version": {"$LATEST"}}, Body: body}, nil
}
