/* The basic POSIX types, Linux x86-64 sizes. One place, so that every header
 * that needs pid_t or off_t agrees (repeating an identical typedef is legal). */
#ifndef _BITS_TYPES_H
#define _BITS_TYPES_H

typedef __SIZE_TYPE__ size_t;
typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int id_t;
typedef unsigned int mode_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long nlink_t;
typedef long blksize_t;
typedef long blkcnt_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned int useconds_t;
typedef int clockid_t;
typedef long clock_t;
typedef unsigned int socklen_t;

#endif
