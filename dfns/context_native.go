//go:build !(js && wasm)

package dfns

import (
	"context"
	"errors"
)

// ContextError maps a finished context to timeout or aborted, for native
// transports. The cause is the context's cause: what a caller cancelled
// with, else context.Canceled. (Not in the browser module, which has no
// context.Context: see Context.)
func ContextError(ctx context.Context) *Error {
	err := ctx.Err()
	if err == nil {
		return nil
	}
	if errors.Is(context.Cause(ctx), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout.WithCause(err)
	}
	return ErrAborted.WithCause(context.Cause(ctx))
}
