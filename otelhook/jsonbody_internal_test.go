package otelhook

import "testing"

func TestJSONMember(t *testing.T) {
	tests := []struct {
		name, doc, member, want string
	}{
		{"top level", `{"QueueUrl":"https://q/1","MessageBody":"x"}`, "QueueUrl", "https://q/1"},
		{"white space", " {\n \"A\" : 1 ,\t\"QueueUrl\" :\r\n \"u\" } ", "QueueUrl", "u"},
		{"first of two", `{"QueueUrl":"a","QueueUrl":"b"}`, "QueueUrl", "a"},
		{"nested is not it", `{"Item":{"TableName":{"S":"no"}},"TableName":"Music"}`, "TableName", "Music"},
		{"only nested", `{"Item":{"TableName":{"S":"no"}}}`, "TableName", ""},
		{"in an array", `{"L":[{"TableName":"no"},"TableName"]}`, "TableName", ""},
		{"in a string", `{"MessageBody":"{\"QueueUrl\":\"no\"}","QueueUrl":"yes"}`, "QueueUrl", "yes"},
		{"escaped value", `{"QueueUrl":"https:\/\/q\/1\u00e9"}`, "QueueUrl", "https://q/1é"},
		{"escaped name", `{"Queue\u0055rl":"u"}`, "QueueUrl", "u"},
		{"not a string", `{"QueueUrl":42}`, "QueueUrl", ""},
		{"null", `{"QueueUrl":null}`, "QueueUrl", ""},
		{"numbers and literals first", `{"a":-1.5e3,"b":true,"c":null,"QueueUrl":"u"}`, "QueueUrl", "u"},
		{"not an object", `["QueueUrl","u"]`, "QueueUrl", ""},
		{"truncated", `{"MessageBody":"abc`, "QueueUrl", ""},
		{"truncated after", `{"QueueUrl":"u","MessageBody":"abc`, "QueueUrl", "u"},
		{"bad escape", `{"QueueUrl":"\x"}`, "QueueUrl", ""},
		{"invalid UTF-8", "{\"QueueUrl\":\"a\xffb\"}", "QueueUrl", "a\uFFFDb"},
		{"empty", ``, "QueueUrl", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jsonString(jsonMember([]byte(tt.doc), tt.member)); got != tt.want {
				t.Errorf("jsonMember(%q, %q) = %q, want %q", tt.doc, tt.member, got, tt.want)
			}
		})
	}
}

func TestJSONKeys(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`{"Zebra":{"Keys":[{"Id":{"S":"1"}}]},"Aardvark":{"Keys":[]}}`, "Aardvark,Zebra"},
		{`{}`, ""},
		{`{"a\u0062":1}`, "ab"},
		{`{"a":1,`, ""},
		{`"a"`, ""},
	}
	for _, tt := range tests {
		if got := jsonKeys([]byte(tt.doc)); got != tt.want {
			t.Errorf("jsonKeys(%q) = %q, want %q", tt.doc, got, tt.want)
		}
	}
}
