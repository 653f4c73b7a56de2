package apicall_test

import (
	"reflect"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"

	"github.com/requesthook/requesthook/apicall"
)

// decode reads c back through its own attributes.
func decode(c apicall.Call, code codes.Code) apicall.Call {
	var d apicall.Decoder
	d.Reset(c.Start, c.End)
	for _, kv := range c.Attributes() {
		d.Attr(string(kv.Key), kv.Value)
	}
	got, _ := d.Call(code, "")
	return got
}

func TestCallFieldsRoundTrip(t *testing.T) {
	start := time.Unix(1700000000, 0)
	want := apicall.Call{
		Start: start, End: start.Add(3 * time.Second), Role: apicall.RoleCall,
		RPCSystem: apicall.SystemAWS, Service: "S3", Operation: "GetObject",
		Region: "us-west-2", StatusCode: 200, Size: 42, Attempt: 1,
		Attempts: 3, AttemptStart: start.Add(2 * time.Second),
		S3Bucket: "bucket", S3Key: "a/b.txt", DynamoDBTables: "t1,t2",
		SQSQueueURL: "https://sqs.us-west-2.amazonaws.com/1/q", SNSTopicARN: "arn:aws:sns:us-west-2:1:t",
		KinesisStream: "stream", LambdaFunction: "fn",
	}
	if got := decode(want, codes.Unset); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	attrs := map[string]string{}
	for _, kv := range want.Attributes() {
		attrs[string(kv.Key)] = kv.Value.Emit()
	}
	for k, v := range map[string]string{
		"aws.sdk.attempts":                "3",
		"requesthook.final_attempt.start": "1700000002000000000",
		"requesthook.role":                "call",
		"faas.invoked_provider":           "aws",
		"faas.invoked_region":             "us-west-2",
		"aws.dynamodb.table_names":        `["t1","t2"]`,
	} {
		if attrs[k] != v {
			t.Errorf("%s = %q, want %q", k, attrs[k], v)
		}
	}
}

func TestReported(t *testing.T) {
	tests := []struct {
		role                string
		perCall, perAttempt bool
	}{
		{apicall.RoleCall, true, false},
		{apicall.RoleAttempt, false, true},
		{"", true, true},
	}
	for _, tt := range tests {
		c := apicall.Call{Role: tt.role}
		if got := c.Reported(apicall.PerCall); got != tt.perCall {
			t.Errorf("role %q: Reported(PerCall) = %v, want %v", tt.role, got, tt.perCall)
		}
		if got := c.Reported(apicall.PerAttempt); got != tt.perAttempt {
			t.Errorf("role %q: Reported(PerAttempt) = %v, want %v", tt.role, got, tt.perAttempt)
		}
	}
}

func TestRecordOfCall(t *testing.T) {
	start := time.Unix(1700000000, 0)
	end := start.Add(time.Second)
	last := start.Add(900 * time.Millisecond)
	tests := []struct {
		name      string
		c         apicall.Call
		wantStart time.Time
		wantSize  int64
	}{
		{"retried then ok", apicall.Call{Role: apicall.RoleCall, StatusCode: 200, Size: 10, AttemptStart: last}, last, 10},
		{"client error", apicall.Call{Role: apicall.RoleCall, StatusCode: 400, Size: 10, AttemptStart: last}, last, 10},
		{"gave up on 503", apicall.Call{Role: apicall.RoleCall, StatusCode: 503, Size: 10, AttemptStart: last}, last, 0},
		{"503 of one request", apicall.Call{StatusCode: 503, Size: 10}, start, 10},
		{"503 attempt", apicall.Call{Role: apicall.RoleAttempt, StatusCode: 503, Size: 10}, start, 10},
		{"no response", apicall.Call{Role: apicall.RoleCall, Err: apicall.ErrNoResponse, Size: -1}, start, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.Start, tt.c.End = start, end
			r := tt.c.Record()
			if !r.Start.Equal(tt.wantStart) || !r.End.Equal(end) || r.Size != tt.wantSize || r.Status != tt.c.StatusCode {
				t.Errorf("Record() = %+v, want start %v size %d", r, tt.wantStart, tt.wantSize)
			}
		})
	}
}
