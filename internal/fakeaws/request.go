package fakeaws

import (
	"net/http"
	"net/url"
	"time"
)

// Request is one request as the Server understood it: handed to a Handler
// while the Server answers it, and kept, with the Status sent, for
// Server.Requests. A Handler must not keep or modify it after it returns.
type Request struct {
	// Service and Operation name the call the way AWS's SDKs do: "EC2" and
	// "DescribeVolumes", "STS" and "GetCallerIdentity", "DynamoDB" and
	// "GetItem", "S3" and "PutObject", "Lambda" and "Invoke". Operation is ""
	// when the request names none (a query request without Action) and the
	// name the request gave when the Server does not know it.
	Service, Operation string
	Protocol           Protocol

	Method string
	Path   string // the URL path, decoded
	Query  url.Values
	Host   string
	Header http.Header
	Body   []byte // as received

	// Form holds the parameters of a query-protocol request: the URL's
	// query and the form body, with Action and Version.
	Form url.Values

	// Bucket and Key are S3's bucket and object key; Function is the
	// function name of a Lambda call.
	Bucket, Key string
	Function    string

	// RequestID is the request ID the Server sent in the response headers
	// (and, where the protocol has one, in the body).
	RequestID string

	// Status is the HTTP status the Server sent; 0 while a Handler runs.
	Status int
	Time   time.Time // when the request arrived
}

// Protocol is the wire protocol of a request.
type Protocol int

// The protocols a Server speaks.
const (
	EC2Query Protocol = iota + 1 // EC2: Action=... form, <Response><Errors> errors
	Query                        // STS, SNS, older SQS: Action=... form, <ErrorResponse> errors
	JSON                         // DynamoDB, SQS, Kinesis: X-Amz-Target, JSON bodies
	RESTXML                      // S3
	RESTJSON                     // Lambda
)

// String returns the protocol's name as the SDKs spell it.
func (p Protocol) String() string {
	switch p {
	case EC2Query:
		return "ec2query"
	case Query:
		return "awsquery"
	case JSON:
		return "awsjson"
	case RESTXML:
		return "restxml"
	case RESTJSON:
		return "restjson1"
	}
	return "unknown"
}
