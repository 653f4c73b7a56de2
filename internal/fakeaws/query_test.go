package fakeaws_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/requesthook/requesthook/internal/fakeaws"
)

func TestSTS(t *testing.T) {
	srv := fakeaws.New(t, fakeaws.SequentialRequestIDs("sts-%d"))
	c := sts.NewFromConfig(sdkConfig(t), func(o *sts.Options) { o.BaseEndpoint = aws.String(srv.URL) })

	out, err := c.GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.Account); got != "123456789012" {
		t.Errorf("Account = %q, want 123456789012", got)
	}
	if r := srv.Requests()[0]; r.Service != "STS" || r.Operation != "GetCallerIdentity" || r.Protocol != fakeaws.Query || r.RequestID != "sts-1" {
		t.Errorf("recorded %s.%s (%v, %s), want STS.GetCallerIdentity (awsquery, sts-1)", r.Service, r.Operation, r.Protocol, r.RequestID)
	}

	srv.FailNext("STS", "GetCallerIdentity", 1, fakeaws.Error{Status: 403, Code: "ExpiredToken", Message: "The security token included in the request is expired"})
	_, err = c.GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "ExpiredToken", "The security token included in the request is expired")

	// Throttling is retried.
	srv.FailNext("STS", "GetCallerIdentity", 1, fakeaws.Error{Code: "Throttling", Message: "Rate exceeded"})
	if _, err := c.GetCallerIdentity(t.Context(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("after one throttle: %v", err)
	}
	if got, want := srv.Count("STS", fakeaws.Any), 4; got != want {
		t.Errorf("Count = %d, want %d", got, want)
	}
}

func TestSNS(t *testing.T) {
	srv := fakeaws.New(t)
	c := sns.NewFromConfig(sdkConfig(t), func(o *sns.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	in := &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:topic"), Message: aws.String("hello")}

	out, err := c.Publish(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(aws.ToString(out.MessageId)) != 36 {
		t.Errorf("MessageId = %q, want a UUID", aws.ToString(out.MessageId))
	}
	if r := srv.Requests()[0]; r.Form.Get("Message") != "hello" {
		t.Errorf("recorded form %v, want Message=hello", r.Form)
	}

	srv.FailAlways("SNS", "Publish", fakeaws.Error{Status: 404, Code: "NotFound", Message: "Topic does not exist"})
	_, err = c.Publish(t.Context(), in)
	wantAPIError(t, err, "NotFound", "Topic does not exist")
}

// queryError is the query protocol's error document.
type queryError struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

// TestQueryWire checks the query protocol's documents byte by byte where
// older clients (the query-protocol SQS) read them.
func TestQueryWire(t *testing.T) {
	srv := fakeaws.New(t)
	srv.FailNext("SQS", "DeleteQueue", 1, fakeaws.Error{Status: 500, Code: "InternalError", Message: "We encountered an internal error."})
	for _, tc := range []struct {
		name, form string
		status     int
		root       string // success document element
		errType    string // error <Type>
		errCode    string
	}{
		{"SQS SendMessage", "Action=SendMessage&Version=2012-11-05&MessageBody=hi", 200, "SendMessageResponse", "", ""},
		{"SQS fault", "Action=DeleteQueue&Version=2012-11-05", 500, "", "Receiver", "InternalError"},
		{"SQS unknown", "Action=Nope&Version=2012-11-05", 400, "", "Sender", "InvalidAction"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+"/123456789012/q", "application/x-www-form-urlencoded", strings.NewReader(tc.form))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d:\n%s", resp.StatusCode, tc.status, b)
			}
			id := resp.Header.Get("x-amzn-RequestId")
			if tc.errCode != "" {
				var e queryError
				if err := xml.Unmarshal(b, &e); err != nil {
					t.Fatalf("%v:\n%s", err, b)
				}
				if e.Type != tc.errType || e.Code != tc.errCode || e.RequestID != id {
					t.Errorf("error %+v, want Type %s, Code %s, RequestId %s", e, tc.errType, tc.errCode, id)
				}
				return
			}
			var doc struct {
				XMLName   xml.Name
				MD5       string `xml:"SendMessageResult>MD5OfMessageBody"`
				RequestID string `xml:"ResponseMetadata>RequestId"`
			}
			if err := xml.Unmarshal(b, &doc); err != nil {
				t.Fatalf("%v:\n%s", err, b)
			}
			if doc.XMLName.Local != tc.root || doc.XMLName.Space != "http://queue.amazonaws.com/doc/2012-11-05/" || doc.RequestID != id {
				t.Errorf("document %v with RequestId %q, want %s in SQS's namespace with %q", doc.XMLName, doc.RequestID, tc.root, id)
			}
			if want := "49f68a5c8493ec2c0bf489821c21fc3b"; doc.MD5 != want { // md5("hi")
				t.Errorf("MD5OfMessageBody = %q, want %q", doc.MD5, want)
			}
		})
	}
	if got := srv.Requests()[0].Form; got.Get("MessageBody") != "hi" {
		t.Errorf("recorded form %v", url.Values(got))
	}
}
