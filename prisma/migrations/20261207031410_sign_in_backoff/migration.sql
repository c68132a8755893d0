-- CreateTable
CREATE TABLE "SignInBackoff" (
    "email" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lastFailureAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "SignInBackoff_pkey" PRIMARY KEY ("email")
);

-- Hand-written SQL that Prisma cannot express goes below this line.
