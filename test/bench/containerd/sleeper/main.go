// The process the runc side of the containerd benchmark runs as both the pause container and the app containers:
// a static binary that waits for SIGTERM or SIGINT and exits 0, using as little as a Go program can.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}
