package fakeaws_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"
)

// maxAttempts is the SDK's standard retryer's default.
const maxAttempts = 3

// sdkConfig is an SDK configuration with example credentials, the standard
// retryer without backoff and no shared files or environment.
func sdkConfig(t *testing.T) aws.Config {
	t.Helper()
	return aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
				o.RateLimiter = ratelimit.None // tests fail many calls in a row
			})
		},
	}
}

// wantAPIError checks that err is an API error with the code and message.
func wantAPIError(t *testing.T, err error, code, message string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want a smithy.APIError", err, err)
	}
	if got := apiErr.ErrorCode(); got != code {
		t.Errorf("ErrorCode() = %q, want %q", got, code)
	}
	if got := apiErr.ErrorMessage(); got != message {
		t.Errorf("ErrorMessage() = %q, want %q", got, message)
	}
}
