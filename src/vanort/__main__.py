from vanort.cli import main

# Guarded: query workers are spawned processes, which import the main module again.
if __name__ == "__main__":
    main()
