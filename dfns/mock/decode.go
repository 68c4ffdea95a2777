package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// decodeStrict decodes exactly one JSON value into v, refusing unknown
// fields and trailing data as Dfns' additionalProperties:false schemas do.
// The Create Credential and user action bodies go through the dfns
// package's own decoders instead; this is for the small bodies and the
// JSON inside key credentials. field names the value in the error.
func decodeStrict(field string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest(field + ": " + err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest(field + ": trailing data after the JSON value")
	}
	return nil
}

// dfnsError turns a dfns decoder error into a 400; its message already
// names the field ("body.credentialInfo.extra: is not allowed").
func dfnsError(err error) error {
	return badRequest(err.Error())
}

// quote bounds a client-supplied value quoted in an error message.
