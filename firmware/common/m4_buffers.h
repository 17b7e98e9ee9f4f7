/* Place a zero-initialised object in one of the training-buffer sections (see sections.ld).
 * Example: static float w[1024] M4_WEIGHTS;  Initialisers are NOT kept: the startup zeroes them. */
#ifndef M4SIM_BUFFERS_H
#define M4SIM_BUFFERS_H
#define M4_WEIGHTS     __attribute__((section(".weights")))
#define M4_GRADS       __attribute__((section(".grads")))
#define M4_ACTIVATIONS __attribute__((section(".activations")))
#define M4_ERRORS      __attribute__((section(".errors")))
#endif
