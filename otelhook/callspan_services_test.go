package otelhook_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/requesthook/requesthook/apicall"
	"github.com/requesthook/requesthook/internal/fakeaws"
	"github.com/requesthook/requesthook/otelhook"
)

// TestCallSpanServices makes calls with the real clients of each service
// that has per-service attributes, through InstrumentConfig, against
// fakeaws: every call makes exactly one call span and one child span per
// attempt, the call span carries the resource and the AWS error code, and
// each attempt its own error code.
func TestCallSpanServices(t *testing.T) {
	const topic = "arn:aws:sns:us-west-2:123456789012:alerts"
	key := map[string]ddbtypes.AttributeValue{"Id": &ddbtypes.AttributeValueMemberS{Value: "1"}}
	tests := []struct {
		name  string
		setup func(*fakeaws.Server)
		call  func(ctx context.Context, cfg aws.Config, url string) error
		span  string
		// want are the call span's attributes, by their string form.
		want map[string]string
		// attemptErrors is each attempt's error.type, "" for none.
		attemptErrors []string
		callError     string // the call's error.type, "" for success
	}{
		{
			name: "SQS SendMessage",
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := sqs.NewFromConfig(cfg, endpoint[sqs.Options](url)).SendMessage(ctx, &sqs.SendMessageInput{
					QueueUrl: aws.String(url + "/123456789012/orders"), MessageBody: aws.String("hi")})
				return err
			},
			span:          "SQS.SendMessage",
			want:          map[string]string{"aws.sqs.queue.url": "{url}/123456789012/orders", "http.response.status_code": "200"},
			attemptErrors: []string{""},
		},
		{
			name: "SQS QueueDoesNotExist",
			setup: func(s *fakeaws.Server) {
				s.FailAlways("SQS", "ReceiveMessage", fakeaws.Error{Code: "QueueDoesNotExist", Message: "The specified queue does not exist."})
			},
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := sqs.NewFromConfig(cfg, endpoint[sqs.Options](url)).ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
					QueueUrl: aws.String(url + "/123456789012/gone")})
				return err
			},
			span:          "SQS.ReceiveMessage",
			want:          map[string]string{"aws.sqs.queue.url": "{url}/123456789012/gone", "http.response.status_code": "400"},
			attemptErrors: []string{"QueueDoesNotExist"},
			callError:     "QueueDoesNotExist",
		},
		{
			name: "SNS Publish",
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := sns.NewFromConfig(cfg, endpoint[sns.Options](url)).Publish(ctx, &sns.PublishInput{
					TopicArn: aws.String(topic), Message: aws.String("hi")})
				return err
			},
			span:          "SNS.Publish",
			want:          map[string]string{"aws.sns.topic.arn": topic},
			attemptErrors: []string{""},
		},
		{
			name: "SNS NotFound",
			setup: func(s *fakeaws.Server) {
				s.FailAlways("SNS", "Publish", fakeaws.Error{Status: http.StatusNotFound, Code: "NotFound", Message: "Topic does not exist"})
			},
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := sns.NewFromConfig(cfg, endpoint[sns.Options](url)).Publish(ctx, &sns.PublishInput{
					TopicArn: aws.String(topic), Message: aws.String("hi")})
				return err
			},
			span:          "SNS.Publish",
			want:          map[string]string{"aws.sns.topic.arn": topic, "http.response.status_code": "404"},
			attemptErrors: []string{"NotFound"},
			callError:     "NotFound",
		},
		{
			name: "Kinesis PutRecord",
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := kinesis.NewFromConfig(cfg, endpoint[kinesis.Options](url)).PutRecord(ctx, &kinesis.PutRecordInput{
					StreamName: aws.String("clicks"), PartitionKey: aws.String("p"), Data: []byte("x")})
				return err
			},
			span:          "Kinesis.PutRecord",
			want:          map[string]string{"aws.kinesis.stream_name": "clicks"},
			attemptErrors: []string{""},
		},
		{
			name: "Lambda Invoke",
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := lambda.NewFromConfig(cfg, endpoint[lambda.Options](url)).Invoke(ctx, &lambda.InvokeInput{
					FunctionName: aws.String("arn:aws:lambda:us-west-2:123456789012:function:resize:live"), Payload: []byte(`{}`)})
				return err
			},
			span:          "Lambda.Invoke",
			want:          map[string]string{"faas.invoked_name": "resize", "faas.invoked_provider": "aws", "faas.invoked_region": "us-west-2"},
			attemptErrors: []string{""},
		},
		{
			name: "S3 NoSuchKey",
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := s3Client(cfg, url).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("photos"), Key: aws.String("missing.jpg")})
				return err
			},
			span:          "S3.GetObject",
			want:          map[string]string{"aws.s3.bucket": "photos", "aws.s3.key": "missing.jpg", "http.response.status_code": "404"},
			attemptErrors: []string{"NoSuchKey"},
			callError:     "NoSuchKey",
		},
		{
			name: "DynamoDB ThrottlingException retried",
			setup: func(s *fakeaws.Server) {
				s.FailNext("DynamoDB", "GetItem", 1, fakeaws.Error{Code: "ThrottlingException", Message: "Rate exceeded"})
			},
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := dynamodb.NewFromConfig(cfg, endpoint[dynamodb.Options](url)).GetItem(ctx, &dynamodb.GetItemInput{
					TableName: aws.String("Music"), Key: key})
				return err
			},
			span:          "DynamoDB.GetItem",
			want:          map[string]string{"aws.dynamodb.table_names": `["Music"]`, "aws.sdk.attempts": "2", "http.response.status_code": "200"},
			attemptErrors: []string{"ThrottlingException", ""},
		},
		{
			name: "DynamoDB throttled throughout",
			setup: func(s *fakeaws.Server) {
				s.FailAlways("DynamoDB", "GetItem", fakeaws.Error{Code: "ProvisionedThroughputExceededException", Message: "slow down"})
			},
			call: func(ctx context.Context, cfg aws.Config, url string) error {
				_, err := dynamodb.NewFromConfig(cfg, endpoint[dynamodb.Options](url)).GetItem(ctx, &dynamodb.GetItemInput{
					TableName: aws.String("Music"), Key: key})
				return err
			},
			span:          "DynamoDB.GetItem",
			want:          map[string]string{"aws.dynamodb.table_names": `["Music"]`, "aws.sdk.attempts": "3", "http.response.status_code": "400"},
			attemptErrors: []string{"ProvisionedThroughputExceededException", "ProvisionedThroughputExceededException", "ProvisionedThroughputExceededException"},
			callError:     "ProvisionedThroughputExceededException",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakeaws.New(t, fakeaws.SequentialRequestIDs("req-%04d"))
			if tt.setup != nil {
				tt.setup(srv)
			}
			tp, sr := recorder(t)
			cfg := awsConfig(t)
			otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
			err := tt.call(t.Context(), cfg, srv.URL)
			var apiErr smithy.APIError
			switch {
			case tt.callError == "" && err != nil:
				t.Fatalf("call failed: %v", err)
			case tt.callError != "" && (!errors.As(err, &apiErr) || apiErr.ErrorCode() != tt.callError):
				t.Fatalf("err = %v, want the API error %s", err, tt.callError)
			}

			call, attempts := callTree(t, sr, len(tt.attemptErrors))
			if call.Name() != tt.span {
				t.Errorf("call span %q, want %q", call.Name(), tt.span)
			}
			wantAttr(t, call, apicall.AttemptsKey, itoa(len(tt.attemptErrors)))
			for k, v := range tt.want {
				wantAttr(t, call, attrKey(k), expand(v, srv.URL))
			}
			if tt.callError == "" {
				noAttr(t, call, semconv.ErrorTypeKey)
				if call.Status().Code != codes.Unset {
					t.Errorf("call status = %+v, want Unset", call.Status())
				}
			} else {
				wantAttr(t, call, semconv.ErrorTypeKey, tt.callError)
				if call.Status().Code != codes.Error {
					t.Errorf("call status = %+v, want Error", call.Status())
				}
			}
			reqs := srv.Requests()
			for i, a := range attempts {
				if a.Name() != tt.span {
					t.Errorf("attempt %d span %q, want %q", i, a.Name(), tt.span)
				}
				wantAttr(t, a, semconv.HTTPRequestResendCountKey, itoa(i))
				if i < len(reqs) {
					wantAttr(t, a, semconv.AWSRequestIDKey, reqs[i].RequestID)
				}
				if e := tt.attemptErrors[i]; e == "" {
					noAttr(t, a, semconv.ErrorTypeKey)
				} else {
					wantAttr(t, a, semconv.ErrorTypeKey, e)
				}
			}
			if len(reqs) > 0 {
				wantAttr(t, call, semconv.AWSRequestIDKey, reqs[len(reqs)-1].RequestID)
			}
		})
	}
}

// endpoint points a client of any service at url.
func endpoint[O any](url string) func(*O) {
	return func(o *O) {
		switch o := any(o).(type) {
		case *sqs.Options:
			o.BaseEndpoint = aws.String(url)
		case *sns.Options:
			o.BaseEndpoint = aws.String(url)
		case *kinesis.Options:
			o.BaseEndpoint = aws.String(url)
		case *lambda.Options:
			o.BaseEndpoint = aws.String(url)
		case *dynamodb.Options:
			o.BaseEndpoint = aws.String(url)
		}
	}
}

// s3Client is an S3 client for fakeaws: path-style, no checksum warnings.
func s3Client(cfg aws.Config, url string) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(url)
		o.UsePathStyle = true
		o.DisableLogOutputChecksumValidationSkipped = true
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

func attrKey(k string) attribute.Key { return attribute.Key(k) }

// expand puts the server's URL in place of {url}.
func expand(v, url string) string { return strings.ReplaceAll(v, "{url}", url) }

// TestInstrumentConfigSendsSameBodies makes the same calls with and without
// InstrumentConfig, which hands request bodies to net/http from memory:
// the server must receive the same bodies and Content-Lengths, and a
// retried call its body again.
func TestInstrumentConfigSendsSameBodies(t *testing.T) {
	run := func(instrument bool) []fakeaws.Request {
		srv := fakeaws.New(t)
		srv.FailNext("SQS", "SendMessage", 1, fakeaws.Error{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: "retry"})
		cfg := awsConfig(t)
		if instrument {
			tp, _ := recorder(t)
			otelhook.InstrumentConfig(&cfg, otelhook.WithTracerProvider(tp))
		}
		ctx := t.Context()
		if _, err := sqs.NewFromConfig(cfg, endpoint[sqs.Options](srv.URL)).SendMessage(ctx, &sqs.SendMessageInput{
			QueueUrl: aws.String("https://sqs.us-west-2.amazonaws.com/123456789012/orders"), MessageBody: aws.String(strings.Repeat("body ", 100))}); err != nil {
			t.Fatal(err)
		}
		if _, err := sns.NewFromConfig(cfg, endpoint[sns.Options](srv.URL)).Publish(ctx, &sns.PublishInput{
			TopicArn: aws.String("arn:aws:sns:us-west-2:123456789012:alerts"), Message: aws.String("hi & bye")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s3Client(cfg, srv.URL).PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String("a.txt"),
			Body: strings.NewReader(strings.Repeat("0123456789", 1000))}); err != nil {
			t.Fatal(err)
		}
		return srv.Requests()
	}
	bare, instrumented := run(false), run(true)
	if len(bare) != 4 || len(instrumented) != len(bare) {
		t.Fatalf("the server got %d requests bare and %d instrumented, want 4 (one SQS retry)", len(bare), len(instrumented))
	}
	for i := range bare {
		b, in := bare[i], instrumented[i]
		if in.Operation != b.Operation || string(in.Body) != string(b.Body) ||
			in.Header.Get("Content-Length") != b.Header.Get("Content-Length") {
			t.Errorf("request %d: instrumented %s %s (Content-Length %s) %q, bare %s %s (Content-Length %s) %q", i,
				in.Service, in.Operation, in.Header.Get("Content-Length"), in.Body,
				b.Service, b.Operation, b.Header.Get("Content-Length"), b.Body)
		}
	}
}
